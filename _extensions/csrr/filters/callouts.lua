--[[
callouts.lua: Quarto callout blocks for the built-in engine.

  ::: {.callout-note}          (or title="..." on the div)
  ## Optional title
  Body
  :::

becomes, with one look in each format:
  html  div.callout.callout-style-default.callout-note.callout-titled
        > div.callout-header + div.callout-body-container.callout-body
        (Quarto's structure, styled by csrr.css);
  typst #callout(kind: "note", title: [...])[body]  (defined in csrr.typ,
        no @preview packages: nothing is fetched at build time);
  docx  paragraphs in the house "Callout Title" and "Callout" styles
        (a shaded box with a coloured rule, defined in reference.docx).
Runs before crossref.lua, so a callout's title is never numbered as a section.
]]

local KINDS = {
  note = "Note", important = "Important", tip = "Tip",
  warning = "Warning", caution = "Caution",
}

local function callout_kind(div)
  for _, class in ipairs(div.classes) do
    local kind = class:match("^callout%-(%a+)$")
    if kind and KINDS[kind] then return kind end
  end
  return nil
end

local function typst_inlines(inlines)
  local text = pandoc.write(pandoc.Pandoc({ pandoc.Plain(inlines) }), "typst")
  return (text:gsub("%s+$", ""))
end

function Div(div)
  local kind = callout_kind(div)
  if not kind then return nil end
  local body = pandoc.Blocks(div.content)
  local title
  if div.attributes.title and div.attributes.title ~= "" then
    title = pandoc.Inlines(pandoc.read(div.attributes.title, "markdown").blocks[1].content)
  elseif #body > 0 and body[1].t == "Header" then
    title = body[1].content
    body:remove(1)
  else
    title = pandoc.Inlines({ pandoc.Str(KINDS[kind]) })
  end

  if FORMAT:match("html") then
    local header = pandoc.Div({ pandoc.Plain(title) }, pandoc.Attr("", { "callout-header", "d-flex", "align-content-center" }))
    local content = pandoc.Div(body, pandoc.Attr("", { "callout-body-container", "callout-body" }))
    return pandoc.Div({ header, content }, pandoc.Attr(div.identifier,
      { "callout", "callout-style-default", "callout-" .. kind, "callout-titled" },
      -- A list of pairs, not a table: Lua tables have no order, and
      -- attribute order must not change between builds.
      { { "role", "note" }, { "aria-label", pandoc.utils.stringify(title) } }))
  elseif FORMAT:match("typst") then
    local out = pandoc.Blocks({ pandoc.RawBlock("typst",
      string.format('#callout(kind: "%s", title: [%s])[', kind, typst_inlines(title))) })
    out:extend(body)
    out:insert(pandoc.RawBlock("typst", "]"))
    return out
  elseif FORMAT:match("docx") then
    local head = pandoc.Div({ pandoc.Para({ pandoc.Strong(title) }) }, pandoc.Attr("", {}, { ["custom-style"] = "Callout Title" }))
    local content = pandoc.Div(body, pandoc.Attr("", {}, { ["custom-style"] = "Callout" }))
    return pandoc.Div({ head, content }, pandoc.Attr(div.identifier))
  end
  return nil
end
