# run(COMMAND...): one step of a browser check script; stops the script with the command's output when it
# fails. Included by axe_reports.cmake and training_record.cmake.
function(run)
  execute_process(COMMAND ${ARGN} RESULT_VARIABLE rc OUTPUT_VARIABLE o ERROR_VARIABLE e)
  if(NOT rc EQUAL 0)
    message(FATAL_ERROR "failed (${rc}): ${ARGN}\n${o}\n${e}")
  endif()
  message(STATUS "${o}")
endfunction()
