// multipart/form-data bodies (RFC 7578), as browsers and curl -F send files.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "core/result.h"

namespace rx {

struct FormPart {
  std::string name;          // Content-Disposition name
  std::string filename;      // empty for a plain field
  std::string content_type;  // empty when the part gives none
  std::string body;
};

// The largest number of parts a form may have.
inline constexpr size_t kMaxFormParts = 16;

// The boundary parameter of a multipart/form-data Content-Type, or an error
// saying what is missing.
Result<std::string> multipart_boundary(std::string_view content_type);
// Splits `body` into its parts. Errors say where the form is malformed.
Result<std::vector<FormPart>> parse_multipart_form(std::string_view body, std::string_view boundary);

}  // namespace rx
