#include "image_tote_photo.h"

#include <fmt/format.h>
#include <zint.h>

#include <algorithm>
#include <cmath>
#include <fstream>
#include <memory>
#include <numbers>
#include <random>
#include <sstream>

#include "interop/csv/formulary_csv.h"
#include "interop/gs1/pack_code.h"

namespace rx::test {
namespace {

struct ZintDeleter {
  void operator()(zint_symbol* s) const { ZBarcode_Delete(s); }
};

// zint packs each row of modules into bits, least significant first.
bool module_set(const zint_symbol& s, int row, int col) { return (s.encoded_data[row][col >> 3] >> (col & 7)) & 1; }

int quiet_modules(const SymbolMatrix& m) { return m.linear ? 10 : 4; }

}  // namespace

Result<SymbolMatrix> encode_symbol(Symbology symbology, const std::string& data) {
  std::unique_ptr<zint_symbol, ZintDeleter> symbol(ZBarcode_Create());
  switch (symbology) {
    case Symbology::kGs1DataMatrix:
      symbol->symbology = BARCODE_DATAMATRIX;
      symbol->input_mode = GS1_MODE;
      symbol->option_3 = DM_SQUARE;
      break;
    case Symbology::kCode128: symbol->symbology = BARCODE_CODE128; break;
    case Symbology::kQrCode: symbol->symbology = BARCODE_QRCODE; break;
  }
  int rc = ZBarcode_Encode(symbol.get(), reinterpret_cast<const unsigned char*>(data.data()),
                           static_cast<int>(data.size()));
  if (rc >= ZINT_ERROR) return Status::invalid(fmt::format("zint cannot encode '{}': {}", data, symbol->errtxt));
  SymbolMatrix m;
  m.rows = symbol->rows;
  m.cols = symbol->width;
  m.linear = symbology == Symbology::kCode128;
  m.dark.resize(static_cast<size_t>(m.rows) * m.cols);
  for (int r = 0; r < m.rows; ++r) {
    for (int c = 0; c < m.cols; ++c) m.dark[static_cast<size_t>(r) * m.cols + c] = module_set(*symbol, r, c);
  }
  return m;
}

void draw_symbol(GreyImage& image, const SymbolMatrix& symbol, const Placement& place) {
  // The label in its own coordinates: modules plus quiet zone, centred on 0.
  double q = quiet_modules(symbol) * place.module_px;
  double w = symbol.cols * place.module_px + 2 * q;
  double h = symbol.linear ? place.bar_height_px + 2 * place.module_px * 2 : symbol.rows * place.module_px + 2 * q;
  double top_margin = symbol.linear ? place.module_px * 2 : q;
  double a = place.angle_deg * std::numbers::pi / 180.0;
  double ca = std::cos(a), sa = std::sin(a);
  double reach = std::hypot(w, h) / 2 + 2;
  int x0 = std::max(0, static_cast<int>(place.centre_x - reach));
  int x1 = std::min(image.width, static_cast<int>(place.centre_x + reach) + 1);
  int y0 = std::max(0, static_cast<int>(place.centre_y - reach));
  int y1 = std::min(image.height, static_cast<int>(place.centre_y + reach) + 1);
  // Each pixel is the average of 4x4 samples mapped back into the label, so
  // rotated edges are antialiased as a camera would see them.
  constexpr int kSub = 4;
  for (int y = y0; y < y1; ++y) {
    for (int x = x0; x < x1; ++x) {
      int inside = 0, dark = 0;
      for (int sy = 0; sy < kSub; ++sy) {
        for (int sx = 0; sx < kSub; ++sx) {
          double dx = x + (sx + 0.5) / kSub - place.centre_x;
          double dy = y + (sy + 0.5) / kSub - place.centre_y;
          double u = ca * dx + sa * dy + w / 2;  // rotate back by the angle
          double v = -sa * dx + ca * dy + h / 2;
          if (u < 0 || v < 0 || u >= w || v >= h) continue;
          ++inside;
          int col = static_cast<int>(std::floor((u - q) / place.module_px));
          int row = symbol.linear ? 0 : static_cast<int>(std::floor((v - top_margin) / place.module_px));
          bool in_bars = symbol.linear ? v >= top_margin && v < top_margin + place.bar_height_px : true;
          if (in_bars && col >= 0 && col < symbol.cols && row >= 0 && row < symbol.rows &&
              symbol.dark[static_cast<size_t>(row) * symbol.cols + col]) {
            ++dark;
          }
        }
      }
      if (inside == 0) continue;
      double label = (dark * place.dark + (inside - dark) * place.light) / static_cast<double>(inside);
      double cover = inside / static_cast<double>(kSub * kSub);
      image.at(x, y) = static_cast<uint8_t>(std::lround(cover * label + (1 - cover) * image.at(x, y)));
    }
  }
  if (place.blur_radius > 0) box_blur(image, x0, y0, x1, y1, place.blur_radius);
}

GreyImage tote_background(int width, int height, uint32_t seed) {
  GreyImage image = make_grey_image(width, height, 0);
  std::mt19937 rng(seed);
  std::uniform_int_distribution<int> noise(-6, 6);
  for (int y = 0; y < height; ++y) {
    for (int x = 0; x < width; ++x) {
      int base = 105 + 30 * x / width + 15 * y / height;
      image.at(x, y) = static_cast<uint8_t>(std::clamp(base + noise(rng), 0, 255));
    }
  }
  return image;
}

void box_blur(GreyImage& image, int x0, int y0, int x1, int y1, int radius) {
  x0 = std::max(0, x0), y0 = std::max(0, y0);
  x1 = std::min(image.width, x1), y1 = std::min(image.height, y1);
  GreyImage src = image;
  for (int y = y0; y < y1; ++y) {
    for (int x = x0; x < x1; ++x) {
      int sum = 0, n = 0;
      for (int yy = std::max(0, y - radius); yy <= std::min(image.height - 1, y + radius); ++yy) {
        for (int xx = std::max(0, x - radius); xx <= std::min(image.width - 1, x + radius); ++xx) {
          sum += src.at(xx, yy);
          ++n;
        }
      }
      image.at(x, y) = static_cast<uint8_t>(sum / n);
    }
  }
}

PhotoCode gs1_pack(std::string_view gtin, Date expiry, std::string_view lot, std::string_view serial,
                   const Placement& place) {
  std::string yymmdd = fmt::format("{:02d}{:02d}{:02d}", static_cast<int>(expiry.year()) % 100,
                                   static_cast<unsigned>(expiry.month()), static_cast<unsigned>(expiry.day()));
  return PhotoCode{Symbology::kGs1DataMatrix, fmt::format("[01]{}[17]{}[10]{}[21]{}", gtin, yymmdd, lot, serial),
                   gs1_element_string(gtin, expiry, lot, serial), place};
}

Result<GreyImage> render_photo(const std::vector<PhotoCode>& codes, uint32_t seed, int width, int height) {
  GreyImage image = tote_background(width, height, seed);
  for (const PhotoCode& code : codes) {
    SymbolMatrix symbol = TRY(encode_symbol(code.symbology, code.zint_data));
    draw_symbol(image, symbol, code.place);
  }
  return image;
}

std::vector<PhotoCode> demo_tote_codes() {
  using namespace std::chrono;
  auto date = [](int y, unsigned m, unsigned d) { return Date{year{y}, month{m}, day{d}}; };
  Placement low_contrast{.centre_x = 1350, .centre_y = 300, .module_px = 6, .angle_deg = -8, .dark = 95, .light = 165};
  return {
      gs1_pack("02000000000015", date(2028, 6, 30), "DM2506002", "000101", {.centre_x = 250, .centre_y = 260}),
      gs1_pack("02000000000022", date(2027, 7, 31), "DM2407003", "000102",
               {.centre_x = 750, .centre_y = 280, .module_px = 5, .angle_deg = 90}),
      gs1_pack("02000000000046", date(2027, 9, 30), "DM2409005", "000103",
               {.centre_x = 300, .centre_y = 760, .module_px = 6.5, .angle_deg = 17, .blur_radius = 1}),
      gs1_pack("02000000000329", date(2026, 11, 18), "DM2311061", "000104", low_contrast),
      gs1_pack("02000000000053", date(2028, 7, 31), "DM2507008", "000105",
               {.centre_x = 850, .centre_y = 780, .module_px = 4.5, .angle_deg = 180}),
      PhotoCode{Symbology::kCode128, "99000030000001061234", "99000030000001061234",
                {.centre_x = 1450, .centre_y = 780, .module_px = 3}},
      PhotoCode{Symbology::kQrCode, "RX:MZ20261201-000001", "RX:MZ20261201-000001",
                {.centre_x = 1780, .centre_y = 200, .module_px = 5}},
  };
}

Result<Formulary> demo_formulary(const std::string& source_dir) {
  std::string path = source_dir + "/data/formulary.csv";
  std::ifstream in(path, std::ios::binary);
  if (!in) return Status::not_found("cannot open " + path);
  std::stringstream text;
  text << in.rdbuf();
  return load_formulary_csv(text.str(), path);
}

}  // namespace rx::test
