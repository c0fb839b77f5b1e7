# Fails if the core or the application layer ever includes ImGui, GL or GLFW: tools, core tests and
# application tests must build without a GUI stack (code-anchors §8.1). Only the ui and platform
# layers may. layering_binary_check.cmake checks what the binaries link.
set(dirs engine/src/core engine/include/wholepicture/core engine/src/app engine/include/wholepicture/app)
set(files "")
foreach(d IN LISTS dirs)
  if(NOT IS_DIRECTORY ${SOURCE_DIR}/${d})
    message(FATAL_ERROR "layering: ${d} is gone; update tests/layering_check.cmake")
  endif()
  file(GLOB_RECURSE found ${SOURCE_DIR}/${d}/*)
  list(APPEND files ${found})
endforeach()
# Any spelling of a GUI header: imgui.h, imgui_internal.h, backends/imgui_impl_*.h, GLFW/, GL/, glad/,
# KHR/, EGL/, OpenGL/ (macOS), the ImGui GL loader and the app's own ui/ and platform/ headers.
set(gui "#[ \t]*include[ \t]*[<\"]([^>\"]*/)?(imgui|GLFW/|GL/|glad/|KHR/|EGL/|OpenGL/|backends/|wholepicture/ui/|wholepicture/platform/)")
set(offenders "")
foreach(f IN LISTS files)
  file(STRINGS ${f} hits REGEX "${gui}")
  if(hits)
    list(APPEND offenders "${f}: ${hits}")
  endif()
endforeach()
if(offenders)
  list(JOIN offenders "\n" offenders)
  message(FATAL_ERROR "core and app must not include ImGui, GL or GLFW:\n${offenders}")
endif()
list(LENGTH files n)
message(STATUS "layering ok: ${n} core and app files include no ImGui, GL or GLFW")
