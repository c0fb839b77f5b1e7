# The training record as a school would file it: ten real runs (wpt records-bench plays the bundled
# cases into a scratch records database, each with a reflection), exported with the reflections by
# `wpt records export --training-record`, checked with axe-core in headless chromium, then printed on
# A4: two pages or fewer.
file(REMOVE_RECURSE ${OUT})
file(MAKE_DIRECTORY ${OUT})
include(${CMAKE_CURRENT_LIST_DIR}/run_step.cmake)
run(${WPT} records-bench --runs 10 --reflections --keep ${OUT}/records.sqlite3)
run(${WPT} records export --db ${OUT}/records.sqlite3 --training-record --reflections -o ${OUT}/training-record.html)
set(ENV{NODE_PATH} ${NPM_DIR}/node_modules)
run(${NODE} ${CHECK} --chromium ${CHROMIUM} ${OUT}/training-record.html)
run(${NODE} ${PRINT} --chromium ${CHROMIUM} --max 2 ${OUT}/training-record.html ${OUT}/training-record.pdf)
