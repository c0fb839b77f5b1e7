// The floor tools/bench measures the app against: a bare Dear ImGui 1.86 + GLFW 3.3 + OpenGL 3.3
// window, built from the same Debian packages, nothing else (no fonts of ours, no plugins).
//   --demo         the ImGui demo window open (the per-frame floor)
//   --frames N     draw N frames as fast as the loop goes, then exit (CPU per frame by difference)
//   --text         a focused text box (idle with a caret; blink off, as in the app)
//   otherwise      event-driven idle: sleep until an event, then 3 frames
// With WP_BENCH_FIRST_FRAME set it prints "wp-bench first-frame <CLOCK_MONOTONIC ms> <CPU s>" after
// the first swap and exits, as the app does (start to first frame).
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <ctime>
#include <string>

#include <sys/resource.h>

#include <GLFW/glfw3.h>
#include <backends/imgui_impl_glfw.h>
#include <backends/imgui_impl_opengl3.h>
#include <imgui.h>

namespace {

int s_framesLeft = 3;
void wake(GLFWwindow*) { s_framesLeft = 3; }

double cpuSeconds() {
    rusage r{};
    getrusage(RUSAGE_SELF, &r);
    return static_cast<double>(r.ru_utime.tv_sec + r.ru_stime.tv_sec) + static_cast<double>(r.ru_utime.tv_usec + r.ru_stime.tv_usec) / 1e6;
}

double monotonicMs() {
    timespec t{};
    clock_gettime(CLOCK_MONOTONIC, &t);
    return static_cast<double>(t.tv_sec) * 1000.0 + static_cast<double>(t.tv_nsec) / 1e6;
}

} // namespace

int main(int argc, char** argv) {
    bool demo = false, text = false;
    int frames = -1;
    for (int i = 1; i < argc; ++i) {
        if (!std::strcmp(argv[i], "--demo")) demo = true;
        else if (!std::strcmp(argv[i], "--text")) text = true;
        else if (!std::strcmp(argv[i], "--frames") && i + 1 < argc) frames = std::atoi(argv[++i]);
    }
    const bool firstFrame = std::getenv("WP_BENCH_FIRST_FRAME") != nullptr;
    if (!glfwInit()) return 1;
    glfwWindowHint(GLFW_CONTEXT_VERSION_MAJOR, 3);
    glfwWindowHint(GLFW_CONTEXT_VERSION_MINOR, 3);
    glfwWindowHint(GLFW_OPENGL_PROFILE, GLFW_OPENGL_CORE_PROFILE);
    glfwWindowHint(GLFW_OPENGL_FORWARD_COMPAT, GLFW_TRUE);
    GLFWwindow* window = glfwCreateWindow(1600, 900, "floor", nullptr, nullptr);
    if (!window) return 1;
    glfwMakeContextCurrent(window);
    glfwSwapInterval(1);
    glfwSetCursorPosCallback(window, [](GLFWwindow* w, double, double) { wake(w); });
    glfwSetWindowRefreshCallback(window, wake);
    IMGUI_CHECKVERSION();
    ImGui::CreateContext();
    ImGuiIO& io = ImGui::GetIO();
    io.IniFilename = nullptr;
    io.ConfigInputTextCursorBlink = false;
    ImGui_ImplGlfw_InitForOpenGL(window, true);
    ImGui_ImplOpenGL3_Init("#version 330 core");
    char buffer[256] = "";
    int drawn = 0;
    while (!glfwWindowShouldClose(window)) {
        if (frames >= 0 || s_framesLeft > 0) glfwPollEvents();
        else glfwWaitEvents();
        if (frames < 0 && s_framesLeft <= 0) continue;
        s_framesLeft = s_framesLeft > 0 ? s_framesLeft - 1 : 0;
        ImGui_ImplOpenGL3_NewFrame();
        ImGui_ImplGlfw_NewFrame();
        ImGui::NewFrame();
        if (demo) ImGui::ShowDemoWindow();
        if (text) {
            ImGui::Begin("text");
            if (drawn == 0) ImGui::SetKeyboardFocusHere();
            ImGui::InputText("##reflection", buffer, sizeof buffer);
            ImGui::End();
        }
        ImGui::Render();
        int w = 0, h = 0;
        glfwGetFramebufferSize(window, &w, &h);
        glViewport(0, 0, w, h);
        glClearColor(0.1f, 0.1f, 0.12f, 1.0f);
        glClear(GL_COLOR_BUFFER_BIT);
        ImGui_ImplOpenGL3_RenderDrawData(ImGui::GetDrawData());
        glfwSwapBuffers(window);
        ++drawn;
        if (firstFrame && drawn == 1) {
            std::fprintf(stderr, "wp-bench first-frame %.3f %.4f\n", monotonicMs(), cpuSeconds());
            break;
        }
        if (frames >= 0 && drawn >= frames) break;
    }
    ImGui_ImplOpenGL3_Shutdown();
    ImGui_ImplGlfw_Shutdown();
    ImGui::DestroyContext();
    glfwDestroyWindow(window);
    glfwTerminate();
    return 0;
}
