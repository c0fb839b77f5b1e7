# Fails if the app's binary needs a library that it should open only when a feature is used: every
# NEEDED library is loaded and relocated before main, on every start. libcurl (the xAPI sender,
# dlopen'ed on the first request) brought some thirty with it: TLS, Kerberos, LDAP, SSH, IDN.
# Usage: cmake -DBINARY=path -P startup_libraries_check.cmake
execute_process(COMMAND readelf -d ${BINARY} OUTPUT_VARIABLE dynamic ERROR_VARIABLE err RESULT_VARIABLE rc)
if(NOT rc EQUAL 0)
  message(FATAL_ERROR "readelf -d ${BINARY} failed: ${err}")
endif()
string(REGEX MATCHALL "\\(NEEDED\\)[^\n]*" needed "${dynamic}")
list(LENGTH needed count)
if(count EQUAL 0)
  message(FATAL_ERROR "${BINARY}: no NEEDED entries found in readelf's output: is it a dynamic executable?")
endif()
foreach(entry IN LISTS needed)
  if(entry MATCHES "libcurl|libssl|libgnutls|libkrb5|libldap")
    message(FATAL_ERROR "${BINARY} ${entry}: a start of the app loads it. Open it when it is first used (dlopen), as xapi_sender.cpp does.")
  endif()
endforeach()
message(STATUS "${BINARY}: ${count} NEEDED libraries, none of them opened-on-use ones")
