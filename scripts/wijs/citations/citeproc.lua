-- The CSL engine for every reference list of the site: pandoc's citeproc over many independent
-- documents in one process. Reads a JSON list of jobs on stdin, each
--   {items = CSL-JSON text, text = Markdown with one citation per paragraph, lang, csl, nocite}
-- and writes a JSON list of {citations = [HTML per paragraph], references = [[id, HTML], ...]}.
local json = pandoc.json

local function inner_html(blocks)
  local out = pandoc.write(pandoc.Pandoc(blocks), "html", {wrap_text = "none"})
  out = out:gsub("^%s*<p>", ""):gsub("</p>%s*$", "")
  return out
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
    local citations, references = {}, {}
    for _, block in ipairs(doc.blocks) do
      if block.t == "Div" and block.identifier == "refs" then
        for _, entry in ipairs(block.content) do
          if entry.t == "Div" then
            table.insert(references, {entry.identifier, inner_html(entry.content)})
          end
        end
      elseif block.t == "Para" then
        table.insert(citations, inner_html({block}))
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
