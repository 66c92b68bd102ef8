-- Before typesetting: tables written as HTML become real tables, and images that are not a
-- file inside the report folder become their description (Typst cannot fetch them).
function RawBlock(el)
  if el.format == "html" and el.text:match("^%s*<table") then
    return pandoc.read(el.text, "html").blocks
  end
end

local function local_file(src)
  if src:match("^%a[%w+.-]*:") or src:match("^/") or src:match("%.%.") then
    return false
  end
  local handle = io.open(src, "rb")
  if handle then
    handle:close()
    return true
  end
  return false
end

function Image(el)
  if not local_file(el.src) then
    return pandoc.Emph(el.caption)
  end
end
