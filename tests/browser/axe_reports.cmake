# Writes every HTML export with wpt (the debrief report, the run transcript, a role-swap comparison
# transcript, the room report and the room transcript, for Peter, James and Tina, whose chronology point
# adds a list and a table) and checks them all with
# axe-core in headless chromium (axe_check.js). Fails on any violation.
file(REMOVE_RECURSE ${OUT})
file(MAKE_DIRECTORY ${OUT})
include(${CMAKE_CURRENT_LIST_DIR}/run_step.cmake)
set(files "")
foreach(case IN ITEMS peter james tina)
  # A whole run as the teacher and one as the DSL (the first option at each decision), saved as
  # session files, then the report and the transcripts of each.
  foreach(role IN ITEMS class_teacher dsl)
    run(${WPT} report --play ${PLUGINS}/${case} --role ${role} --first --json-out ${OUT}/${case}-${role}.json)
    run(${WPT} report ${OUT}/${case}-${role}.json --plugins ${PLUGINS} -o ${OUT}/${case}-${role}-report.html)
    run(${WPT} transcript ${OUT}/${case}-${role}.json --plugins ${PLUGINS} -o ${OUT}/${case}-${role}-transcript.html)
    list(APPEND files ${OUT}/${case}-${role}-report.html ${OUT}/${case}-${role}-transcript.html)
  endforeach()
  run(${WPT} transcript ${OUT}/${case}-dsl.json --compare ${OUT}/${case}-class_teacher.json --plugins ${PLUGINS}
      -o ${OUT}/${case}-compare-transcript.html)
  run(${WPT} room-bench ${PLUGINS}/${case} --groups 4 --runs 1 --keep ${OUT}/${case}-room.json)
  run(${WPT} room-report ${OUT}/${case}-room.json --plugins ${PLUGINS} -o ${OUT}/${case}-room-report.html)
  run(${WPT} transcript ${OUT}/${case}-room.json --plugins ${PLUGINS} -o ${OUT}/${case}-room-transcript.html)
  list(APPEND files ${OUT}/${case}-compare-transcript.html ${OUT}/${case}-room-report.html ${OUT}/${case}-room-transcript.html)
endforeach()
set(ENV{NODE_PATH} ${NPM_DIR}/node_modules)
execute_process(COMMAND ${NODE} ${CHECK} --chromium ${CHROMIUM} ${files} RESULT_VARIABLE rc)
if(NOT rc EQUAL 0)
  message(FATAL_ERROR "axe-core found accessibility violations (or could not run): exit ${rc}")
endif()
