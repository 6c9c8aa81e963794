--[[
house.lua: the house front matter, for the built-in engine.

Derives the switches the templates test (pandoc templates cannot compare
strings): csrr.draft, csrr.synthetic, csrr.full (full or final report).
For Word, whose title block pandoc writes itself, it adds the status lines,
disclaimer, licence and contents after the title; the HTML and Typst
templates place those themselves. Under real Quarto (which uses its own HTML
template, not template.html) it adds the protective marking, the
illustrative-data banner and the draft notice to HTML pages too.
]]

local stringify = pandoc.utils.stringify

local BANNER = "Illustrative data: not research findings."
local DRAFT = "DRAFT: not for circulation."

local function docx_para(text, style)
  return pandoc.Div({ pandoc.Para(pandoc.Inlines(text)) }, pandoc.Attr("", {}, { ["custom-style"] = style }))
end

local function docx_toc()
  return pandoc.RawBlock("openxml", [[
<w:sdt><w:sdtPr><w:docPartObj><w:docPartGallery w:val="Table of Contents"/><w:docPartUnique/></w:docPartObj></w:sdtPr><w:sdtContent>
<w:p><w:pPr><w:pStyle w:val="TOCHeading"/></w:pPr><w:r><w:t>Contents</w:t></w:r></w:p>
<w:p><w:r><w:fldChar w:fldCharType="begin" w:dirty="true"/><w:instrText xml:space="preserve"> TOC \o "1-3" \h \z \u </w:instrText><w:fldChar w:fldCharType="separate"/><w:t>Right-click and choose Update Field to show the contents.</w:t><w:fldChar w:fldCharType="end"/></w:r></w:p>
</w:sdtContent></w:sdt>]])
end

local function as_blocks(value)
  local kind = pandoc.utils.type(value)
  if kind == "Blocks" then return value end
  if kind == "Inlines" then return pandoc.Blocks({ pandoc.Para(value) }) end
  if value == nil then return pandoc.Blocks({}) end
  return pandoc.Blocks({ pandoc.Para({ pandoc.Str(stringify(value)) }) })
end

local function docx_blocks(value, style)
  return pandoc.Div(as_blocks(value), pandoc.Attr("", {}, { ["custom-style"] = style }))
end

local function page_break()
  return pandoc.RawBlock("openxml", '<w:p><w:r><w:br w:type="page"/></w:r></w:p>')
end

function Meta(meta)
  local csrr = meta.csrr or {}
  csrr.draft = stringify(csrr.profile or "draft") ~= "final"
  csrr.synthetic = stringify(csrr["data-status"] or "synthetic") ~= "real"
  csrr.full = stringify(csrr.variant or "full") ~= "summary"
  if stringify(csrr.marking or "") == "" then csrr.marking = nil end
  meta.csrr = csrr
  return meta
end

local function html_escape(text)
  return (text:gsub("&", "&amp;"):gsub("<", "&lt;"):gsub(">", "&gt;"))
end

local function html_marking(csrr, where)
  return pandoc.RawBlock("html", '<div class="marking marking-' .. where
    .. '" role="note" aria-label="Protective marking">' .. html_escape(stringify(csrr.marking)) .. "</div>")
end

local function html_banner(class, text)
  return pandoc.RawBlock("html", '<p class="banner ' .. class .. '" role="note"><strong>'
    .. html_escape(text) .. "</strong></p>")
end

-- Real Quarto's HTML: what template.html puts round the body in the built-in engine.
local function quarto_html(doc)
  local csrr = doc.meta.csrr or {}
  local front = pandoc.Blocks({})
  if csrr.marking then front:insert(html_marking(csrr, "top")) end
  if csrr.synthetic then front:insert(html_banner("banner-synthetic", BANNER)) end
  if csrr.draft then front:insert(html_banner("banner-draft", DRAFT)) end
  front:extend(doc.blocks)
  if csrr.marking then front:insert(html_marking(csrr, "bottom")) end
  doc.blocks = front
  return doc
end

function Pandoc(doc)
  if quarto ~= nil and FORMAT:match("html") then return quarto_html(doc) end
  if not FORMAT:match("docx") then return nil end
  local csrr = doc.meta.csrr or {}
  local front = pandoc.Blocks({})
  if csrr.synthetic then front:insert(docx_para({ pandoc.Strong(BANNER) }, "Banner")) end
  if csrr.draft then front:insert(docx_para({ pandoc.Strong(DRAFT) }, "Banner")) end
  local study = stringify(csrr.study or "")
  local version = stringify(csrr.version or "")
  front:insert(docx_para({ pandoc.Str(study .. ". Version " .. version .. ".") }, "Front Matter"))
  local notices = pandoc.Blocks({
    docx_blocks(csrr.disclaimer, "Front Matter"),
    docx_blocks(csrr.licence, "Front Matter"),
  })
  local blocks = pandoc.Blocks({})
  blocks:extend(front)
  if csrr.full then
    -- Full reports: notices on the title page, then the contents.
    blocks:extend(notices)
    blocks:insert(page_break())
    if doc.meta.toc then blocks:insert(docx_toc()) ; blocks:insert(page_break()) end
    blocks:extend(doc.blocks)
  else
    -- Summaries are short: the notices close the document.
    blocks:extend(doc.blocks)
    blocks:extend(notices)
  end
  doc.blocks = blocks
  return doc
end
