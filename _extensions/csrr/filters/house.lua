--[[
house.lua: the house front matter, for the built-in engine.

Derives the switches the templates test (pandoc templates cannot compare
strings): csrr.draft, csrr.synthetic, csrr.full (full or final report).
It also prepares the publication metadata for the templates: the date in
words (csrr.date-long), the contact as name and e-mail link
(csrr.contact-line), the glossary as rows sorted by abbreviation
(csrr.glossary-rows); empty ISBN and publication number are dropped.
For HTML only it names the report, its partner (full <-> summary of the
same strand) and the partner's label, for template.html's links
(csrr.report-name, csrr.partner-name, csrr.partner-label).
For Word it writes the whole front matter itself (pandoc's own title block
is switched off): series, label, title, authors, date in words, banners,
then in full reports the reverse of the title page (ISBN, publication
number, contact, acknowledgements, notices), one contents list built from
the headings (entries visible on opening, no field update needed), and the
glossary; summaries close with the contact and notices. The HTML and Typst
templates place those themselves. Under real Quarto (which uses its own HTML
template, not template.html) it adds the protective marking, the
illustrative-data banner and the draft notice to HTML pages too.
]]

local stringify = pandoc.utils.stringify

local BANNER = "Illustrative data: not research findings."
-- The banner in full, as the PDF title page prints it.
local BANNER_FULL = BANNER .. " Every number in this report comes from synthetic demonstration data."
local DRAFT = "DRAFT: not for circulation."
local MONTHS = {
  "January", "February", "March", "April", "May", "June",
  "July", "August", "September", "October", "November", "December",
}

-- "2026-11-22" -> "22 November 2026"; anything else is kept as written.
local function long_date(value)
  local text = stringify(value or "")
  local y, m, d = text:match("^(%d%d%d%d)-(%d%d)-(%d%d)")
  if not y or not MONTHS[tonumber(m)] then return text ~= "" and text or nil end
  return string.format("%d %s %s", tonumber(d), MONTHS[tonumber(m)], y)
end

local function empty(value)
  return value == nil or stringify(value) == ""
end

local function as_inlines(value)
  local kind = pandoc.utils.type(value)
  if kind == "Inlines" then return value end
  if kind == "Blocks" then return pandoc.utils.blocks_to_inlines(value) end
  return pandoc.Inlines({ pandoc.Str(stringify(value or "")) })
end

local function docx_para(text, style)
  return pandoc.Div({ pandoc.Para(pandoc.Inlines(text)) }, pandoc.Attr("", {}, { ["custom-style"] = style }))
end

local function xml_escape(text)
  return (text:gsub("&", "&amp;"):gsub("<", "&lt;"):gsub(">", "&gt;"):gsub('"', "&quot;"))
end

-- Every heading of the body, in order, down to `depth`.
local function toc_entries(blocks, depth)
  local entries = {}
  blocks:walk({
    Header = function(h)
      if h.level <= depth then
        entries[#entries + 1] = { level = h.level, text = stringify(h.content), id = h.identifier }
      end
    end,
  })
  return entries
end

-- The contents list, its entries written out: Word shows them on opening,
-- with no "update field" prompt. They sit inside the TOC field's result, so
-- Word's "Update Field" still rebuilds the list with page numbers. The tag
-- marks it as the house list (the Word post-step keeps only this one).
local function docx_toc(entries, depth)
  local xml = {
    '<w:sdt><w:sdtPr><w:tag w:val="csrr-toc"/><w:docPartObj><w:docPartGallery w:val="Table of Contents"/>'
      .. "<w:docPartUnique/></w:docPartObj></w:sdtPr><w:sdtContent>",
    '<w:p><w:pPr><w:pStyle w:val="TOCHeading"/></w:pPr><w:r><w:t>Contents</w:t></w:r></w:p>',
  }
  local field = '<w:r><w:fldChar w:fldCharType="begin"/></w:r><w:r><w:instrText xml:space="preserve"> TOC \\o "1-'
    .. depth .. '" \\h \\z \\u </w:instrText></w:r><w:r><w:fldChar w:fldCharType="separate"/></w:r>'
  for index, entry in ipairs(entries) do
    local run = '<w:r><w:t xml:space="preserve">' .. xml_escape(entry.text) .. "</w:t></w:r>"
    if entry.id ~= "" then
      run = '<w:hyperlink w:anchor="' .. xml_escape(entry.id) .. '" w:history="1">' .. run .. "</w:hyperlink>"
    end
    xml[#xml + 1] = '<w:p><w:pPr><w:pStyle w:val="TOC' .. entry.level .. '"/></w:pPr>'
      .. (index == 1 and field or "") .. run .. "</w:p>"
  end
  if #entries == 0 then xml[#xml + 1] = "<w:p>" .. field .. "</w:p>" end
  xml[#xml + 1] = '<w:p><w:r><w:fldChar w:fldCharType="end"/></w:r></w:p></w:sdtContent></w:sdt>'
  return pandoc.RawBlock("openxml", table.concat(xml, "\n"))
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

-- The glossary rows, sorted by abbreviation whatever the case.
local function glossary_rows(glossary)
  local keys = {}
  for key, _ in pairs(glossary or {}) do keys[#keys + 1] = key end
  table.sort(keys, function(a, b) return a:lower() < b:lower() end)
  local rows = {}
  for _, key in ipairs(keys) do
    rows[#rows + 1] = pandoc.MetaMap({ abbr = pandoc.MetaString(key), meaning = glossary[key] })
  end
  return rows
end

-- "Name, email" with the e-mail as a mailto link.
local function contact_line(contact)
  contact = contact or {}
  local line = pandoc.Inlines({})
  if not empty(contact.name) then line:extend(as_inlines(contact.name)) end
  if not empty(contact.email) then
    local email = stringify(contact.email)
    if #line > 0 then line:extend({ pandoc.Str(","), pandoc.Space() }) end
    line:insert(pandoc.Link(email, "mailto:" .. email))
  end
  return #line > 0 and line or nil
end

-- HTML only: the names template.html links to. A document lives at
-- _site/<report>/<report>.html; its partner is the other report of the same
-- strand (full <-> summary); the final report has none.
local function html_links(csrr)
  local strand = stringify(csrr.strand or "")
  if strand == "" then return end
  if strand == "synthesis" then
    csrr["report-name"] = "final-report"
    return
  end
  local variant = csrr.full and "full" or "summary"
  local partner = csrr.full and "summary" or "full"
  csrr["report-name"] = strand .. "-" .. variant
  csrr["partner-name"] = strand .. "-" .. partner
  csrr["partner-label"] = csrr.full and "Summary" or "Full report"
end

function Meta(meta)
  local csrr = meta.csrr or {}
  csrr.draft = stringify(csrr.profile or "draft") ~= "final"
  csrr.synthetic = stringify(csrr["data-status"] or "synthetic") ~= "real"
  csrr.full = stringify(csrr.variant or "full") ~= "summary"
  if stringify(csrr.marking or "") == "" then csrr.marking = nil end
  if empty(csrr.label) then csrr.label = nil end
  local pub = csrr.publication or {}
  for _, key in ipairs({ "series", "isbn", "publication_number", "acknowledgements" }) do
    if empty(pub[key]) then pub[key] = nil end
  end
  csrr.publication = pub
  csrr["date-long"] = long_date(meta.date)
  csrr["contact-line"] = contact_line(pub.contact)
  csrr["glossary-rows"] = glossary_rows(pub.glossary)
  if #csrr["glossary-rows"] == 0 then csrr["glossary-rows"] = nil end
  if FORMAT:match("html") then html_links(csrr) end
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

local function docx_inlines_para(inlines, style)
  return pandoc.Div({ pandoc.Para(inlines) }, pandoc.Attr("", {}, { ["custom-style"] = style }))
end

local function joined(list, sep)
  local out = pandoc.Inlines({})
  for index, item in ipairs(list or {}) do
    if index > 1 then out:extend({ pandoc.Str(sep), pandoc.Space() }) end
    out:extend(as_inlines(item))
  end
  return out
end

-- The glossary of abbreviations: a two-column table with a header row.
local function glossary_table(rows)
  local body = {}
  for _, row in ipairs(rows) do
    body[#body + 1] = pandoc.Row({
      pandoc.Cell({ pandoc.Plain({ pandoc.Strong(as_inlines(row.abbr)) }) }),
      pandoc.Cell({ pandoc.Plain(as_inlines(row.meaning)) }),
    })
  end
  local head = pandoc.TableHead({ pandoc.Row({
    pandoc.Cell({ pandoc.Plain({ pandoc.Str("Abbreviation") }) }),
    pandoc.Cell({ pandoc.Plain({ pandoc.Str("Meaning") }) }),
  }) })
  local colspecs = { { pandoc.AlignLeft, nil }, { pandoc.AlignLeft, nil } }
  return pandoc.Table({ long = {}, short = {} }, colspecs, head, { { attr = pandoc.Attr(), body = body, head = {}, row_head_columns = 0 } }, pandoc.TableFoot())
end

-- Word: the house front matter, in place of pandoc's title block.
local function docx_document(doc)
  local meta = doc.meta
  local csrr = meta.csrr or {}
  local pub = csrr.publication or {}
  local title = meta.title and as_inlines(meta.title) or pandoc.Inlines({})
  local subtitle = meta.subtitle and as_inlines(meta.subtitle) or nil
  local date = csrr["date-long"] and as_inlines(csrr["date-long"]) or pandoc.Inlines({})
  local organisation = as_inlines(csrr.organisation or "")
  local authors = joined(pub.authors, ",")
  local status = csrr.draft and "Draft" or "Final"
  local front = pandoc.Blocks({})
  if pub.series then front:insert(docx_inlines_para(as_inlines(pub.series), "Series")) end
  if csrr.label then front:insert(docx_inlines_para(as_inlines(csrr.label), "Report Label")) end
  front:insert(docx_inlines_para(title, "Title"))
  if subtitle then front:insert(docx_inlines_para(subtitle, "Subtitle")) end
  if #authors > 0 then front:insert(docx_inlines_para(authors, "Author")) end
  local dated = pandoc.Inlines({})
  dated:extend(organisation)
  dated:extend({ pandoc.Str(","), pandoc.Space() })
  dated:extend(date)
  front:insert(docx_inlines_para(dated, "Date"))
  front:insert(docx_para({ pandoc.Str(stringify(csrr.study or "") .. ". Version "
    .. stringify(csrr.version or "") .. ". " .. status .. ".") }, "Front Matter"))
  if csrr.synthetic then front:insert(docx_para({ pandoc.Strong(BANNER_FULL) }, "Banner")) end
  if csrr.draft then front:insert(docx_para({ pandoc.Strong(DRAFT) }, "Banner")) end
  local contact = csrr["contact-line"]
  local notices = pandoc.Blocks({
    docx_blocks(csrr.disclaimer, "Front Matter"),
    docx_blocks(csrr.licence, "Front Matter"),
  })
  local blocks = pandoc.Blocks({})
  blocks:extend(front)
  if csrr.full then
    -- The reverse of the title page.
    blocks:insert(page_break())
    local published = pandoc.Inlines({ pandoc.Str("Published"), pandoc.Space(), pandoc.Str("by"), pandoc.Space() })
    published:extend(organisation)
    published:extend({ pandoc.Str(","), pandoc.Space() })
    published:extend(date)
    if #authors > 0 then
      local line = pandoc.Inlines({ pandoc.Str("Authors:"), pandoc.Space() })
      line:extend(authors)
      blocks:insert(docx_inlines_para(line, "Front Matter"))
    end
    blocks:insert(docx_inlines_para(published, "Front Matter"))
    if pub.isbn then
      blocks:insert(docx_para({ pandoc.Str("ISBN:"), pandoc.Space(), pandoc.Str(stringify(pub.isbn)) }, "Front Matter"))
    end
    if pub.publication_number then
      blocks:insert(docx_para({ pandoc.Str("Publication number:"), pandoc.Space(),
        pandoc.Str(stringify(pub.publication_number)) }, "Front Matter"))
    end
    if contact then
      local line = pandoc.Inlines({ pandoc.Str("Contact:"), pandoc.Space() })
      line:extend(contact)
      blocks:insert(docx_inlines_para(line, "Front Matter"))
    end
    if pub.acknowledgements then
      blocks:insert(docx_para({ pandoc.Strong("Acknowledgements") }, "Front Matter"))
      blocks:insert(docx_blocks(pub.acknowledgements, "Front Matter"))
    end
    blocks:extend(notices)
    blocks:insert(page_break())
    -- One contents list, its entries built here from the headings. Pandoc
    -- would add a second, empty one for `toc: true`: Meta.toc is cleared
    -- below, and the Word post-step drops any other (under Quarto, --toc).
    local writer = PANDOC_WRITER_OPTIONS or {}
    if meta.toc or writer.table_of_contents then
      local depth = tonumber(stringify(meta["toc-depth"] or "3")) or 3
      blocks:insert(docx_toc(toc_entries(doc.blocks, depth), depth))
      blocks:insert(page_break())
    end
    if csrr["glossary-rows"] then
      blocks:insert(pandoc.Header(1, "Abbreviations", pandoc.Attr("abbreviations", { "unnumbered" })))
      blocks:insert(glossary_table(csrr["glossary-rows"]))
      blocks:insert(page_break())
    end
    blocks:extend(doc.blocks)
  else
    -- Summaries are short: the contact and notices close the document.
    blocks:extend(doc.blocks)
    if contact then
      local line = pandoc.Inlines({ pandoc.Str("Contact:"), pandoc.Space() })
      line:extend(contact)
      blocks:insert(docx_inlines_para(line, "Front Matter"))
    end
    blocks:extend(notices)
  end
  doc.blocks = blocks
  -- pandoc writes no title block or contents of its own.
  for _, key in ipairs({ "title", "subtitle", "author", "date", "abstract", "toc", "table-of-contents" }) do
    meta[key] = nil
  end
  doc.meta = meta
  return doc
end

function Pandoc(doc)
  if quarto ~= nil and FORMAT:match("html") then return quarto_html(doc) end
  if FORMAT:match("docx") then return docx_document(doc) end
  return nil
end
