// Preloaded into the test LRS (node -r): every server it starts listens on 127.0.0.1 only, never on
// all interfaces (xapi-statements listens on EXPRESS_PORT without a host).
const net = require("net");
const listen = net.Server.prototype.listen;
net.Server.prototype.listen = function (...args) {
  if (typeof args[0] === "number" && (args.length === 1 || typeof args[1] === "function")) args.splice(1, 0, "127.0.0.1");
  return listen.apply(this, args);
};
