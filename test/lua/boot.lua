-- Puts test/lua on package.path for scripts run from the repository root or anywhere:
--   lua5.1 test/lua/<script>.lua …   (each script starts with dofile of this file)
local here = (arg and arg[0] or ""):match("^(.*)/[^/]*$") or "."
local root = here:match("^(.*)/cases$") or here
package.path = root .. "/?.lua;" .. package.path
return root
