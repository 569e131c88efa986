// Boost.JSON compiled into the program or library that links this object (its documented header-only use:
// src.hpp in one source file): libtether.so, hidden behind its version script, and the `tether` CLI. Neither then
// loads libboost_json.so, one fewer library to load and bind at start-up. The engine's static libraries still
// name Boost::json, so their own tests link the shared library as before; a target that links this object links
// with --as-needed, so that the shared library it no longer uses is not recorded.
#include <boost/json/src.hpp>
