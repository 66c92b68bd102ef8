-- The text's top headings become level 1 (the title is the title block, not a heading): PDF/UA
-- requires the first heading to be of level 1, and Word's navigation pane starts there too.
-- Headings marked {.wijs-part} (findings, recommendations) are level 1 already and stay.
local function is_part(el)
  return el.classes:includes("wijs-part")
end

function Pandoc(doc)
  local top
  doc.blocks:walk({
    Header = function(el)
      if not is_part(el) and (not top or el.level < top) then
        top = el.level
      end
    end,
  })
  if not top or top <= 1 then
    return nil
  end
  return doc:walk({
    Header = function(el)
      if not is_part(el) then
        el.level = el.level - (top - 1)
        return el
      end
    end,
  })
end
