--[[
conditional.lua: Quarto conditional content for the built-in engine.

  ::: {.content-visible when-profile="summary"}   shown only in the summary
  ::: {.content-hidden when-profile="summary"}    left out of the summary
  [text]{.content-visible when-format="html"}     spans work the same way

Conditions, as in Quarto (resources/filters/customnodes/content-hidden.lua):
when-profile / unless-profile (an active Quarto profile, read from the
QUARTO_PROFILE environment variable the engine sets, as Quarto does),
when-format / unless-format (html, typst, docx; "html" also matches html5),
when-meta / unless-meta (a metadata key, dotted for nested keys, that is
true). A .content-visible element is kept when every when- condition holds
and no unless- condition does; a .content-hidden element is removed in that
case and kept otherwise. Runs first, so what is left out is never numbered.
]]

local profiles = {}
for name in string.gmatch(os.getenv("QUARTO_PROFILE") or "", "[^,%s]+") do
  profiles[name] = true
end

local meta_root = nil

local function format_matches(name)
  if name == FORMAT then return true end
  if name == "html" and FORMAT:match("^html") then return true end
  return false
end

local function meta_true(path)
  local node = meta_root
  for key in string.gmatch(path, "[^%.]+") do
    if type(node) ~= "table" and pandoc.utils.type(node) ~= "Meta" then return false end
    node = node[key]
    if node == nil then return false end
  end
  if type(node) == "boolean" then return node end
  local text = pandoc.utils.stringify(node)
  return text == "true" or text == "yes"
end

local TESTS = {
  profile = function(v) return profiles[v] == true end,
  format = format_matches,
  meta = meta_true,
}

-- Does the element's condition hold: all when- conditions, no unless- ones?
local function condition_holds(el)
  for kind, test in pairs(TESTS) do
    local when = el.attributes["when-" .. kind]
    if when and not test(when) then return false end
    local unless = el.attributes["unless-" .. kind]
    if unless and test(unless) then return false end
  end
  return true
end

local function apply(el)
  local visible = el.classes:includes("content-visible")
  local hidden = el.classes:includes("content-hidden")
  if not visible and not hidden then return nil end
  local keep
  if visible then keep = condition_holds(el) else keep = not condition_holds(el) end
  if not keep then return {} end
  return el.content
end

return {
  { Meta = function(meta) meta_root = meta end },
  { Div = apply, Span = apply },
}
