# `wpt test` after `wpt lint` on an unchanged case takes the lint's result and the compiled case from the cache they share
# ($XDG_CACHE_HOME/wholepicture/lint); --no-cache lints again; a changed byte lints again.
# Usage: cmake -DWPT=path -DCASE=plugin-dir -DSCRATCH=dir -P wpt_lint_cache_check.cmake
file(REMOVE_RECURSE ${SCRATCH})
file(COPY ${CASE}/ DESTINATION ${SCRATCH}/case)
set(ENV{XDG_CACHE_HOME} ${SCRATCH}/cache)

# The lint's result and the case itself (its compiled form, compiled_case.h) come from the cache, or not,
# together; what the plays find is the same either way (`roles` as --no-cache gives it, in PLAYS).
function(lint_cached expected)
  execute_process(COMMAND ${WPT} test ${SCRATCH}/case --json ${ARGN} OUTPUT_VARIABLE out RESULT_VARIABLE rc)
  if(NOT rc EQUAL 0)
    message(FATAL_ERROR "wpt test ${ARGN} failed (${rc}):\n${out}")
  endif()
  string(JSON cached GET "${out}" lint cached)
  string(JSON case_cached GET "${out}" lint case_cached)
  if(NOT cached STREQUAL expected OR NOT case_cached STREQUAL expected)
    message(FATAL_ERROR "wpt test ${ARGN}: lint.cached is ${cached} and lint.case_cached ${case_cached}, expected ${expected}")
  endif()
  string(JSON roles GET "${out}" roles)
  string(REGEX REPLACE "\"(analysis_)?seconds\" *: *[0-9.e+-]+" "" roles "${roles}")
  if(DEFINED PLAYS AND NOT roles STREQUAL PLAYS)
    message(FATAL_ERROR "wpt test ${ARGN}: the plays differ from an uncached run's:\n${roles}\n--- against ---\n${PLAYS}")
  endif()
  set(PLAYS "${roles}" PARENT_SCOPE)
endfunction()

lint_cached(OFF) # nothing linted yet: the test lints (and stores the clean result)
file(REMOVE_RECURSE ${SCRATCH}/cache)
execute_process(COMMAND ${WPT} lint ${SCRATCH}/case/ RESULT_VARIABLE rc OUTPUT_QUIET)
if(NOT rc EQUAL 0)
  message(FATAL_ERROR "wpt lint failed (${rc})")
endif()
file(GLOB entries ${SCRATCH}/cache/wholepicture/lint/*.json)
list(LENGTH entries n)
if(NOT n EQUAL 1)
  message(FATAL_ERROR "wpt lint stored ${n} cache entries, expected 1")
endif()
lint_cached(ON)             # the same bytes (the folder named with a trailing slash by lint): from the cache
lint_cached(OFF --no-cache) # asked not to
file(APPEND ${SCRATCH}/case/scenario.json "\n")
lint_cached(OFF)            # one byte more: linted again
file(REMOVE_RECURSE ${SCRATCH})
