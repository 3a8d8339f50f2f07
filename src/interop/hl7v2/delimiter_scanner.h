// Finds the bytes that end a run of text in an HL7 v2 segment (the four
// delimiters, the escape character, \r and \n) sixteen bytes at a time, so
// the parser steps from one such byte to the next instead of testing each.
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>

#if defined(__SSE2__)
#include <emmintrin.h>
#endif

#include "interop/hl7v2/message.h"

namespace rx::hl7 {

class DelimiterScanner {
 public:
  static constexpr size_t kWidth = 16;

  DelimiterScanner() = default;
  explicit DelimiterScanner(const EncodingCharacters& enc)
      : bytes_{enc.field, enc.repetition, enc.component, enc.subcomponent, enc.escape, '\r', '\n'} {
#if defined(__SSE2__)
    for (size_t i = 0; i < bytes_.size(); ++i) broadcast_[i] = _mm_set1_epi8(bytes_[i]);
#endif
  }

  // Bit i is set when p[i] is one of the bytes, for i < n. n is at most
  // kWidth, and p[0, n) must be readable; with n == kWidth the vector path runs.
  uint32_t mask(const char* p, size_t n) const {
#if defined(__SSE2__)
    if (n == kWidth) {
      __m128i block = _mm_loadu_si128(reinterpret_cast<const __m128i*>(p));
      __m128i hits = _mm_cmpeq_epi8(block, broadcast_[0]);
      for (size_t i = 1; i < bytes_.size(); ++i) hits = _mm_or_si128(hits, _mm_cmpeq_epi8(block, broadcast_[i]));
      return static_cast<uint32_t>(_mm_movemask_epi8(hits));
    }
#endif
    uint32_t bits = 0;
    for (size_t i = 0; i < n; ++i) {
      for (char c : bytes_) bits |= uint32_t{p[i] == c} << i;
    }
    return bits;
  }

 private:
  std::array<char, 7> bytes_{};
#if defined(__SSE2__)
  __m128i broadcast_[7]{};  // a plain array: std::array would drop the vector type's alignment attribute
#endif
};

}  // namespace rx::hl7
