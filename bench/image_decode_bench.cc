// Decoding a tote photo at the verification station: the tests' 1920x1080
// demo tote (six GS1 DataMatrix and Code 128 pack codes and a QR label,
// rotated, scaled, blurred and at low contrast), drawn once with libzint.
#include <benchmark/benchmark.h>

#include "unit/verification/image_tote_photo.h"
#include "verification/image_codes.h"
#include "verification/png_image.h"

namespace {

constexpr size_t kCodesInPhoto = 7;

const rx::GreyImage& demo_photo() {
  static const rx::GreyImage photo = [] {
    auto image = rx::test::render_photo(rx::test::demo_tote_codes(), 7);
    return image.ok() ? std::move(*image) : rx::GreyImage{};
  }();
  return photo;
}

// Every code, from grey pixels.
void BM_DecodeTotePhoto(benchmark::State& state) {
  const rx::GreyImage& photo = demo_photo();
  size_t found = 0;
  for (auto _ : state) {
    auto codes = rx::decode_image_codes(photo);
    found = codes.ok() ? codes->size() : 0;
    benchmark::DoNotOptimize(codes);
  }
  state.counters["codes"] = static_cast<double>(found);
  if (found != kCodesInPhoto) state.SkipWithError("not every code of the photo was decoded");
}
BENCHMARK(BM_DecodeTotePhoto)->Unit(benchmark::kMillisecond)->MinTime(3.0);

// The same from the PNG file's bytes, as the station receives it.
void BM_DecodeTotePhotoPng(benchmark::State& state) {
  auto png = rx::write_png_grey(demo_photo());
  if (!png.ok()) return state.SkipWithError("the photo could not be encoded as PNG");
  std::span<const uint8_t> bytes(reinterpret_cast<const uint8_t*>(png->data()), png->size());
  size_t found = 0;
  for (auto _ : state) {
    auto image = rx::read_png_grey(bytes);
    if (!image.ok()) return state.SkipWithError("the PNG could not be read back");
    auto codes = rx::decode_image_codes(*image);
    found = codes.ok() ? codes->size() : 0;
    benchmark::DoNotOptimize(codes);
  }
  state.counters["codes"] = static_cast<double>(found);
  state.counters["png_bytes"] = static_cast<double>(png->size());
  if (found != kCodesInPhoto) state.SkipWithError("not every code of the photo was decoded");
}
BENCHMARK(BM_DecodeTotePhotoPng)->Unit(benchmark::kMillisecond)->MinTime(3.0);

}  // namespace

BENCHMARK_MAIN();
