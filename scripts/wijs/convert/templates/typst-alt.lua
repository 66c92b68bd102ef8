-- Typst output only: pandoc writes images without their description, and PDF/UA needs it as the
-- figure's alternative text. Each image becomes a Typst image call with `alt:` (the image's alt
-- attribute, else its description; a placeholder when there is none, which `wijs check` flags).
local NO_ALT = "Afbeelding zonder beschrijving"

local function typst_string(text)
  text = text:gsub("%s+", " ")
  text = text:gsub("\\", "\\\\")
  text = text:gsub('"', '\\"')
  return '"' .. text .. '"'
end

local function size(value)
  if value and (value:match("^%d+%.?%d*%%$") or value:match("^%d+%.?%d*[cm]m$")
      or value:match("^%d+%.?%d*in$") or value:match("^%d+%.?%d*pt$")) then
    return value
  end
end

function Image(el)
  local alt = el.attributes.alt or pandoc.utils.stringify(el.caption)
  if alt:match("^%s*$") then
    alt = NO_ALT
  end
  local args = typst_string(el.src) .. ", alt: " .. typst_string(alt)
  local width, height = size(el.attributes.width), size(el.attributes.height)
  if width then
    args = args .. ", width: " .. width
  end
  if height then
    args = args .. ", height: " .. height
  end
  return pandoc.RawInline("typst", "#box(image(" .. args .. "))")
end
