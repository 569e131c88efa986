# Runs `tether --manifest MANIFEST validate` and expects exit code 2 and file:line:col lines on stderr.
execute_process(COMMAND ${CLI} --manifest ${MANIFEST} validate
  RESULT_VARIABLE rc OUTPUT_VARIABLE out ERROR_VARIABLE err)
if(NOT rc EQUAL 2)
  message(FATAL_ERROR "expected exit code 2, got ${rc}; stderr: ${err}")
endif()
if(NOT err MATCHES "broken\\.yaml:4:3: [^\n]*colour")
  message(FATAL_ERROR "expected 'broken.yaml:4:3: … colour' on stderr, got: ${err}")
endif()
