#include "interop/hl7v2/charset.h"

#include <fmt/format.h>
#include <iconv.h>

#include <cerrno>
#include <string>

namespace rx::hl7 {
namespace {

constexpr std::string_view kUtf8Bom = "\xEF\xBB\xBF";

// Length of the UTF-8 sequence at bytes[i], or 0 when it is not well-formed.
size_t utf8_sequence_length(std::string_view bytes, size_t i) {
  auto at = [&](size_t k) { return static_cast<unsigned char>(bytes[k]); };
  unsigned char lead = at(i);
  if (lead < 0x80) return 1;
  size_t length = 0;
  unsigned char min2 = 0x80, max2 = 0xBF;  // the range of the second byte
  if (lead >= 0xC2 && lead <= 0xDF) {
    length = 2;
  } else if (lead >= 0xE0 && lead <= 0xEF) {
    length = 3;
    if (lead == 0xE0) min2 = 0xA0;  // overlong
    if (lead == 0xED) max2 = 0x9F;  // UTF-16 surrogates
  } else if (lead >= 0xF0 && lead <= 0xF4) {
    length = 4;
    if (lead == 0xF0) min2 = 0x90;  // overlong
    if (lead == 0xF4) max2 = 0x8F;  // above U+10FFFF
  } else {
    return 0;
  }
  if (i + length > bytes.size()) return 0;
  if (at(i + 1) < min2 || at(i + 1) > max2) return 0;
  for (size_t k = 2; k < length; ++k) {
    if (at(i + k) < 0x80 || at(i + k) > 0xBF) return 0;
  }
  return length;
}

// The offset of the first byte that does not start a well-formed sequence, or npos.
size_t first_invalid_utf8(std::string_view bytes) {
  size_t i = 0;
  while (i < bytes.size()) {
    size_t length = utf8_sequence_length(bytes, i);
    if (length == 0) return i;
    i += length;
  }
  return std::string_view::npos;
}

std::string upper(std::string_view text) {
  std::string out(text);
  for (char& c : out) {
    if (c >= 'a' && c <= 'z') c = static_cast<char>(c - 'a' + 'A');
  }
  return out;
}

bool names_utf8(std::string_view charset) {
  std::string name = upper(charset);
  return name.empty() || name == "UNICODE UTF-8" || name == "ASCII" || name == "UTF-8";
}


// Converts with iconv; on a bad sequence, `describe` explains the offending byte offset.
template <class Describe>
Result<std::string> convert(std::string_view bytes, const char* to, const char* from, Describe&& describe) {
  iconv_t cd = iconv_open(to, from);
  if (cd == reinterpret_cast<iconv_t>(-1)) {
    return Status::internal(fmt::format("the C library cannot convert {} to {} (iconv_open failed)", from, to));
  }
  std::string out(bytes.size() * 2 + 16, '\0');
  char* in = const_cast<char*>(bytes.data());  // iconv's signature; it does not write the input
  size_t in_left = bytes.size();
  char* dst = out.data();
  size_t out_left = out.size();
  Status failure;
  while (in_left > 0) {
    if (iconv(cd, &in, &in_left, &dst, &out_left) != static_cast<size_t>(-1)) break;
    if (errno == E2BIG) {
      size_t used = static_cast<size_t>(dst - out.data());
      out.resize(out.size() * 2);
      dst = out.data() + used;
      out_left = out.size() - used;
      continue;
    }
    failure = describe(bytes.size() - in_left, errno == EINVAL);
    break;
  }
  iconv_close(cd);
  if (!failure.ok()) return failure;
  out.resize(static_cast<size_t>(dst - out.data()));
  return out;
}

Result<std::string> gb18030_to_utf8(std::string_view bytes) {
  return convert(bytes, "UTF-8", "GB18030", [&](size_t offset, bool truncated) {
    std::string_view what = truncated ? "an incomplete GB 18030 character at the end" : "a sequence that is not GB 18030";
    return Status::invalid(fmt::format("MSH-18 declares GB 18030-2000, but byte {} (0x{:02X}) starts {}", offset,
                                       static_cast<unsigned char>(bytes[offset]), what),
                           "MSH-18");
  });
}

}  // namespace

bool is_gb18030(std::string_view charset) {
  std::string name = upper(charset);
  return name == "GB 18030-2000" || name == "GB18030";
}

Result<std::string> encode_from_utf8(std::string_view utf8, std::string_view charset) {
  if (names_utf8(charset)) {
    if (!is_valid_utf8(utf8)) return Status::invalid("the text to send is not valid UTF-8");
    return std::string(utf8);
  }
  if (!is_gb18030(charset)) {
    return Status::invalid(fmt::format("cannot write in \"{}\"; expected UNICODE UTF-8 or GB 18030-2000", charset),
                           "MSH-18");
  }
  return convert(utf8, "GB18030", "UTF-8", [&](size_t offset, bool) {
    return Status::invalid(fmt::format("byte {} of the text to send is not valid UTF-8", offset));
  });
}

bool is_valid_utf8(std::string_view bytes) { return first_invalid_utf8(bytes) == std::string_view::npos; }

std::string declared_charset(std::string_view bytes) {
  size_t start = bytes.find_first_not_of("\r\n");
  if (start == std::string_view::npos) return {};
  std::string_view line = bytes.substr(start);
  line = line.substr(0, line.find_first_of("\r\n"));
  if (line.starts_with(kUtf8Bom)) line.remove_prefix(kUtf8Bom.size());
  if (line.size() < 5 || !line.starts_with("MSH")) return {};
  char field = line[3];
  char component = line[4];
  // MSH-1 is the separator at offset 3, so MSH-n (n >= 2) follows the (n-1)-th separator.
  size_t pos = 3;
  for (int n = 2; n < 18; ++n) {
    pos = line.find(field, pos + 1);
    if (pos == std::string_view::npos) return {};
  }
  std::string_view value = line.substr(pos + 1);
  value = value.substr(0, value.find(field));
  value = value.substr(0, value.find(component));
  return std::string(value);
}

Result<std::string> decode_to_utf8(std::string_view bytes) {
  std::string charset = declared_charset(bytes);
  if (is_gb18030(charset)) return gb18030_to_utf8(bytes);
  if (!names_utf8(charset)) {
    return Status::invalid(
        fmt::format("MSH-18 \"{}\" names a character set this receiver does not read; expected UNICODE UTF-8, "
                    "ASCII or GB 18030-2000",
                    charset),
        "MSH-18");
  }
  if (bytes.starts_with(kUtf8Bom)) bytes.remove_prefix(kUtf8Bom.size());
  size_t bad = first_invalid_utf8(bytes);
  if (bad != std::string_view::npos) {
    return Status::invalid(
        fmt::format("byte {} (0x{:02X}) is not valid UTF-8; MSH-18 says \"{}\" (send GB 18030 text with MSH-18 "
                    "GB 18030-2000)",
                    bad, static_cast<unsigned char>(bytes[bad]), charset.empty() ? "UNICODE UTF-8 (default)" : charset),
        "MSH-18");
  }
  return std::string(bytes);
}

}  // namespace rx::hl7
