// Test images for the verification station: true GS1 DataMatrix, Code 128
// and QR symbols from libzint, drawn into a synthetic 1920x1080 photo of a
// grey tote, rotated, scaled, blurred and at low contrast. Deterministic: the
// background noise comes from a fixed seed.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "core/drug.h"
#include "core/result.h"
#include "core/time.h"
#include "verification/image_grey.h"

namespace rx::test {

enum class Symbology { kGs1DataMatrix, kCode128, kQrCode };

// The modules of one symbol, row by row; a linear symbol has one row.
struct SymbolMatrix {
  int rows = 0;
  int cols = 0;
  bool linear = false;
  std::vector<uint8_t> dark;  // rows * cols, 1 = dark module
};

// Encodes `data` with libzint. GS1 DataMatrix data is in zint's bracketed
// form, "[01]02000000000015[17]280630[10]DM2506002[21]000101".
Result<SymbolMatrix> encode_symbol(Symbology symbology, const std::string& data);

struct Placement {
  int centre_x = 0;
  int centre_y = 0;
  double module_px = 6.0;  // size of one module (or bar width unit) in pixels
  double angle_deg = 0.0;  // clockwise
  uint8_t dark = 25;
  uint8_t light = 235;
  int blur_radius = 0;      // box blur over the symbol's area, 0 for none
  int bar_height_px = 90;   // linear symbols only
};

// Draws the symbol with its quiet zone, rotated about its centre.
void draw_symbol(GreyImage& image, const SymbolMatrix& symbol, const Placement& place);
// A tote's grey floor: a gentle gradient with seeded noise.
GreyImage tote_background(int width, int height, uint32_t seed);
// Box blur of radius r over the rectangle [x0, x1) × [y0, y1), clipped to the image.
void box_blur(GreyImage& image, int x0, int y0, int x1, int y1, int radius);

struct PhotoCode {
  Symbology symbology = Symbology::kGs1DataMatrix;
  std::string zint_data;
  std::string expected_text;  // as ImageCode::scanned() must give it back
  Placement place;
};

// A pack's GS1 DataMatrix: the zint input and the element string a scanner sends.
PhotoCode gs1_pack(std::string_view gtin, Date expiry, std::string_view lot, std::string_view serial,
                   const Placement& place);
// Draws every code into a tote background, 1920x1080 unless told.
Result<GreyImage> render_photo(const std::vector<PhotoCode>& codes, uint32_t seed, int width = 1920,
                               int height = 1080);

// The demo tote of the tests and the benchmark, with packs from the demo
// formulary and stock (data/): six pack codes and a QR tote label.
//   D0001 aspirin 100 mg  lot DM2506002  0°, 6 px modules
//   D0002 aspirin 25 mg   lot DM2407003  90°, 5 px modules (LASA-01 with D0001)
//   D0004 warfarin        lot DM2409005  17°, box blur           (high-alert)
//   D0032 amoxicillin     lot DM2311061  expired 2026-11-18, low contrast, -8°
//   D0005 rivaroxaban     lot DM2507008  4.5 px modules: not on the plan (foreign)
//   D0003 clopidogrel     NMPA 20-digit code in Code 128
//   QR "RX:MZ20261201-000001", the tote label
std::vector<PhotoCode> demo_tote_codes();
// The shipped demo formulary, data/formulary.csv under `source_dir`.
Result<Formulary> demo_formulary(const std::string& source_dir);

}  // namespace rx::test
