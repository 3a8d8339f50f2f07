#include "interop/wwks/errata_repair.h"

namespace rx::wwks {
namespace {

bool is_space(char c) { return c == ' ' || c == '\t' || c == '\r' || c == '\n'; }

// True when `xml` at `pos` starts the tag `name` ("<Pack", "</Article") and
// the name ends there.
bool tag_at(std::string_view xml, size_t pos, std::string_view name) {
  if (xml.compare(pos, name.size(), name) != 0) return false;
  size_t after = pos + name.size();
  return after < xml.size() && (is_space(xml[after]) || xml[after] == '>' || xml[after] == '/');
}

// The position just past the '>' ending the tag that starts at `pos`, quotes
// respected; npos if it does not end.
size_t tag_end(std::string_view xml, size_t pos) {
  char quote = 0;
  for (size_t i = pos; i < xml.size(); ++i) {
    char c = xml[i];
    if (quote != 0) {
      if (c == quote) quote = 0;
    } else if (c == '"' || c == '\'') {
      quote = c;
    } else if (c == '>') {
      return i + 1;
    }
  }
  return std::string_view::npos;
}

}  // namespace

RepairedXml repair_unclosed_packs(std::string_view xml) {
  RepairedXml out;
  out.xml.reserve(xml.size() + 16);
  size_t pos = 0;
  while (pos < xml.size()) {
    size_t lt = xml.find('<', pos);
    if (lt == std::string_view::npos) break;
    out.xml.append(xml.substr(pos, lt - pos));
    std::string_view rest = xml.substr(lt);
    size_t end = std::string_view::npos;
    if (rest.starts_with("<![CDATA[")) {
      size_t close = xml.find("]]>", lt);
      end = close == std::string_view::npos ? close : close + 3;
    } else if (rest.starts_with("<!--")) {
      size_t close = xml.find("-->", lt);
      end = close == std::string_view::npos ? close : close + 3;
    } else {
      end = tag_end(xml, lt);
    }
    if (end == std::string_view::npos) {
      pos = lt;
      break;
    }
    std::string_view tag = xml.substr(lt, end - lt);
    bool close = false;
    if (tag_at(xml, lt, "<Pack") && tag.size() >= 2 && tag[tag.size() - 2] != '/') {
      size_t next = end;
      while (next < xml.size() && is_space(xml[next])) ++next;
      close = tag_at(xml, next, "<Pack") || tag_at(xml, next, "</Article");
    }
    if (close) {
      out.xml.append(tag.substr(0, tag.size() - 1));
      out.xml += "/>";
      ++out.packs_closed;
    } else {
      out.xml.append(tag);
    }
    pos = end;
  }
  if (pos < xml.size()) out.xml.append(xml.substr(pos));
  return out;
}

}  // namespace rx::wwks
