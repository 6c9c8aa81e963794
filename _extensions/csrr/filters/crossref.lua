--[[
crossref.lua: Quarto's cross-references for the built-in engine.

- Sections are numbered (1, 1.1, ...) when number-sections is true, unless
  marked .unnumbered; the number is written into the heading in every format,
  so "Section 2.1" means the same in HTML, PDF and Word.
- Figures (#fig-...) and tables (#tbl-...) are numbered in document order
  and captioned "Figure 1: ..." / "Table 1: ..." (Quarto's titlePrefix: a
  non-breaking space before the number, ": " after).
- @fig-x, @tbl-x, @sec-x become links reading "Figure 1", "Table 1",
  "Section 2.1" (@Fig-x the same; [-@fig-x] the number only). A reference to
  a label that does not exist stops the build naming it, as does a citation
  when the document has no bibliography.
- Every figure's image carries its fig-alt where each writer looks for alt
  text: the image's own text (HTML alt, DOCX wp:docPr/@descr) and, for
  Typst, image(alt: ...), which PDF/UA-1 requires.
]]

local NBSP = "\u{00A0}"
local PREFIX = { fig = "Figure", tbl = "Table", sec = "Section" }

local labels = {}      -- id -> text of a reference ("Figure 1")
local numbers = {}     -- id -> number only ("1")
local counters = { fig = 0, tbl = 0 }
local sections = {}
local problems = {}

local function fail(message)
  error("csrr: " .. message, 0)
end

local function register(id, kind, number)
  if labels[id] then fail("label '" .. id .. "' is used twice") end
  labels[id] = PREFIX[kind] .. NBSP .. number
  numbers[id] = number
end

local function caption_prefix(kind, number)
  return { pandoc.Str(PREFIX[kind] .. NBSP .. number .. ":"), pandoc.Space() }
end

local function prepend_caption(caption, kind, number)
  local long = caption.long
  if #long == 0 then
    long = pandoc.Blocks({ pandoc.Plain({}) })
  end
  local first = long[1]
  local inlines = pandoc.Inlines(caption_prefix(kind, number))
  inlines:extend(first.content)
  if #first.content == 0 then inlines:remove(#inlines) end
  long[1] = pandoc.Plain(inlines)
  caption.long = long
  return caption
end

local function number_sections(doc)
  local counts = { 0, 0, 0, 0, 0, 0 }
  return doc:walk({
    traverse = "topdown",
    Header = function(h)
      if h.classes:includes("unnumbered") then return nil end
      counts[h.level] = counts[h.level] + 1
      for i = h.level + 1, 6 do counts[i] = 0 end
      local parts = {}
      for i = 1, h.level do parts[#parts + 1] = tostring(counts[i]) end
      local number = table.concat(parts, ".")
      if h.identifier:match("^sec%-") then register(h.identifier, "sec", number) end
      local content = pandoc.Inlines({ pandoc.Span({ pandoc.Str(number) }, pandoc.Attr("", { "header-section-number" })), pandoc.Space() })
      content:extend(h.content)
      h.content = content
      return h
    end,
  })
end

local function number_floats(doc)
  return doc:walk({
    traverse = "topdown",
    Figure = function(fig)
      if fig.identifier:match("^fig%-") then
        counters.fig = counters.fig + 1
        local n = tostring(counters.fig)
        register(fig.identifier, "fig", n)
        fig.caption = prepend_caption(fig.caption, "fig", n)
      end
      -- The image's own text is what HTML and Word use as alt text.
      fig.content = fig.content:walk({
        Image = function(img)
          local alt = img.attributes["fig-alt"]
          if alt then img.caption = pandoc.Inlines({ pandoc.Str(alt) }) end
          return img
        end,
      })
      return fig
    end,
    Table = function(tbl)
      if tbl.identifier:match("^tbl%-") then
        counters.tbl = counters.tbl + 1
        local n = tostring(counters.tbl)
        register(tbl.identifier, "tbl", n)
        tbl.caption = prepend_caption(tbl.caption, "tbl", n)
      end
      return tbl
    end,
  })
end

local function is_crossref(id)
  local kind = id:lower():match("^(%a+)%-")
  return kind and PREFIX[kind] ~= nil
end

local function resolve(doc, has_bibliography)
  return doc:walk({
    Cite = function(cite)
      local links = pandoc.Inlines({})
      for i, citation in ipairs(cite.citations) do
        local id = citation.id
        if not is_crossref(id) then
          if not has_bibliography then
            problems[#problems + 1] = "@" .. id .. " (a citation, but the document has no bibliography)"
          end
          return nil
        end
        local key = id:sub(1, 1):lower() .. id:sub(2)
        if not labels[key] then
          problems[#problems + 1] = "@" .. id
        else
          local text = citation.mode == "SuppressAuthor" and numbers[key] or labels[key]
          if i > 1 then links:insert(pandoc.Str(", ")) end
          links:insert(pandoc.Link({ pandoc.Str(text) }, "#" .. key, "", pandoc.Attr("", { "quarto-xref" })))
        end
      end
      return links
    end,
  })
end

-- Typst: the writer emits image() without alt text, which PDF/UA-1 rejects,
-- so figures are written as raw Typst with the caption converted by pandoc.
local function typst_string(s)
  return '"' .. s:gsub("\\", "\\\\"):gsub('"', '\\"') .. '"'
end

local function typst_figures(doc)
  return doc:walk({
    Figure = function(fig)
      local image
      fig.content:walk({ Image = function(img) image = image or img end })
      if not image then return nil end
      local alt = image.attributes["fig-alt"] or pandoc.utils.stringify(image.caption)
      local caption = pandoc.write(pandoc.Pandoc(fig.caption.long), "typst"):gsub("%s+$", "")
      local label = fig.identifier ~= "" and (" <" .. fig.identifier .. ">") or ""
      return pandoc.RawBlock("typst", string.format(
        "#figure(image(%s, width: 100%%, alt: %s), caption: [%s], kind: image, supplement: none, numbering: none)%s",
        typst_string(image.src), typst_string(alt), caption, label))
    end,
  })
end

function Pandoc(doc)
  if doc.meta["number-sections"] ~= false then
    doc = number_sections(doc)
  end
  doc = number_floats(doc)
  doc = resolve(doc, doc.meta.bibliography ~= nil)
  if #problems > 0 then
    fail("unresolved reference " .. table.concat(problems, ", "))
  end
  if FORMAT:match("typst") then
    doc = typst_figures(doc)
  end
  return doc
end
