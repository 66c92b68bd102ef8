-- The CSL engine for every reference list of the site: pandoc's citeproc over many independent
-- documents in one process. Reads a JSON list of jobs on stdin, each
--   {items = CSL-JSON text, text = Markdown with one citation per paragraph, lang, csl, nocite,
--    split = a token for the marker between pieces of HTML}
-- and writes a JSON list of {citations = [HTML per paragraph], references = [[id, HTML], ...]}.
local json = pandoc.json

-- Every piece (a citation's paragraph, a reference entry) of a document written as HTML in one
-- pandoc.write: a write costs a few milliseconds whatever its length, one per piece was most of
-- a cold build's citeproc time. A raw marker between the pieces splits them again (text from a
-- .bib is written escaped, and the marker holds a token new in every run).
local function pieces_html(pieces, split)
  local blocks = {}
  for _, piece in ipairs(pieces) do
    for _, block in ipairs(piece) do
      table.insert(blocks, block)
    end
    table.insert(blocks, pandoc.RawBlock("html", split))
  end
  local out = pandoc.write(pandoc.Pandoc(blocks), "html", {wrap_text = "none"})
  local html = {}
  local start = 1
  for _ = 1, #pieces do
    local at = out:find(split, start, true)
    local part = out:sub(start, at - 1)
    part = part:gsub("^%s*<p>", ""):gsub("</p>%s*$", "")
    table.insert(html, part)
    start = at + #split
  end
  return html
end

local results = {}
local jobs = json.decode(io.read("a"), false)
for _, job in ipairs(jobs) do
  local ok, result = pcall(function()
    local doc = pandoc.read(job.text, "markdown")
    doc.meta.references = pandoc.read(job.items, "csljson").meta.references
    doc.meta.lang = job.lang
    doc.meta.csl = job.csl
    doc.meta["link-citations"] = true
    if job.nocite then
      doc.meta.nocite = pandoc.Inlines({pandoc.Cite({pandoc.Str("@*")},
        {pandoc.Citation("*", "NormalCitation")})})
    end
    doc = pandoc.utils.citeproc(doc)
    local pieces, kinds, ids = {}, {}, {}
    for _, block in ipairs(doc.blocks) do
      if block.t == "Div" and block.identifier == "refs" then
        for _, entry in ipairs(block.content) do
          if entry.t == "Div" then
            table.insert(pieces, entry.content)
            table.insert(kinds, "reference")
            table.insert(ids, entry.identifier)
          end
        end
      elseif block.t == "Para" then
        table.insert(pieces, {block})
        table.insert(kinds, "citation")
        table.insert(ids, "")
      end
    end
    local citations, references = {}, {}
    for number, html in ipairs(pieces_html(pieces, "<!--wijs-split-" .. job.split .. "-->")) do
      if kinds[number] == "reference" then
        table.insert(references, {ids[number], html})
      else
        table.insert(citations, html)
      end
    end
    return {citations = citations, references = references}
  end)
  if ok then
    table.insert(results, result)
  else
    table.insert(results, {error = tostring(result)})
  end
end
io.write(json.encode(results))
