#include "verification/image_station.h"

#include "verification/image_check_json.h"
#include "verification/image_codes.h"
#include "verification/png_image.h"

namespace rx {

Result<nlohmann::json> verify_tote_photo(std::span<const uint8_t> png, const std::optional<ToteExpectation>& plan,
                                         const Formulary& formulary, Date today) {
  GreyImage image = TRY(read_png_grey(png));
  std::vector<ImageCode> codes = TRY(decode_image_codes(image));
  return tote_check_json(check_tote(codes, plan, formulary, today), formulary);
}

}  // namespace rx
