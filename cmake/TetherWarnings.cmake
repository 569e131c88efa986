# Warnings are errors in our own code (never applied to third-party headers).
function(tether_warnings target)
  target_compile_options(${target} PRIVATE -Wall -Wextra -Werror -Wshadow=local -Wnon-virtual-dtor)
endfunction()
