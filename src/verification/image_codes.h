// The codes in a photo: every DataMatrix, Code 128 and QR code zxing-cpp
// finds in a grey picture, with its text, format and position.
#pragma once

#include <array>
#include <string>
#include <string_view>
#include <vector>

#include "core/result.h"
#include "verification/image_grey.h"

namespace rx {

enum class CodeFormat { kDataMatrix, kCode128, kQrCode };
std::string_view code_format_name(CodeFormat f);  // "datamatrix", "code128", "qrcode"

struct ImagePoint {
  int x = 0;
  int y = 0;
};

struct ImageCode {
  CodeFormat format = CodeFormat::kDataMatrix;
  std::string symbology;  // AIM identifier: "]d2" GS1 DataMatrix, "]C0" Code 128, "]Q1" QR, …
  bool gs1 = false;       // the symbol starts with FNC1: a GS1 element string
  std::string content;    // the data, with GS (0x1D) for each FNC1 after the first
  std::array<ImagePoint, 4> corners;  // top-left, top-right, bottom-right, bottom-left of the symbol
  int orientation_deg = 0;

  // The code as a scanner that sends the symbology identifier transmits it:
  // GS1 DataMatrix keeps "]d2" (parse_pack_code reads it), other GS1 symbols
  // start with GS for their leading FNC1, and anything else is its content.
  std::string scanned() const;
};

// Every code in `image`, in reading order (top to bottom, then left to
// right). Refuses a picture outside the size limits of image_grey.h.
Result<std::vector<ImageCode>> decode_image_codes(const GreyImage& image);

}  // namespace rx
