#include "simulation/svg_bins.h"

#include <gtest/gtest.h>

#include <cmath>
#include <numeric>

namespace rx::simulation {
namespace {

double total(const std::vector<double>& counts) { return std::accumulate(counts.begin(), counts.end(), 0.0); }

TEST(HistogramBins, NoValuesGiveNoBins) {
  const Bins bins = histogram_bins({{}, {NAN}});
  EXPECT_TRUE(bins.edges.empty());
  EXPECT_EQ(bins.counts.size(), 2u);
}

TEST(HistogramBins, EqualBinsFromZeroCountEveryValue) {
  const Bins bins = histogram_bins({{5, 5, 5, 12}, {2}});
  ASSERT_FALSE(bins.log_x);
  EXPECT_DOUBLE_EQ(bins.edges.front(), 0);
  EXPECT_DOUBLE_EQ(bins.edges[1], 1);
  EXPECT_DOUBLE_EQ(bins.edges.back(), 12);
  ASSERT_EQ(bins.counts[0].size(), 12u);
  EXPECT_EQ(bins.counts[0][5], 3);
  EXPECT_EQ(bins.counts[0][11], 1);  // the maximum falls in the last bin, which includes its upper edge
  EXPECT_EQ(bins.counts[1][2], 1);
  EXPECT_FALSE(bins.open_from.has_value());
}

TEST(HistogramBins, AllEqualValuesShareOneBin) {
  const Bins bins = histogram_bins({{7, 7, 7}});
  ASSERT_GE(bins.edges.size(), 2u);
  EXPECT_EQ(total(bins.counts[0]), 3);
  EXPECT_EQ(*std::max_element(bins.counts[0].begin(), bins.counts[0].end()), 3);
}

TEST(HistogramBins, AFarOutlierGoesToAnOpenLastBin) {
  std::vector<double> values;
  for (int v = 100; v <= 110; ++v) values.push_back(v);
  values.push_back(2900);
  const Bins bins = histogram_bins({values});
  ASSERT_FALSE(bins.log_x);
  ASSERT_TRUE(bins.open_from.has_value());
  EXPECT_LT(*bins.open_from, 2900);
  EXPECT_LE(bins.edges.back(), 300);  // the axis is not stretched to the outlier
  EXPECT_EQ(bins.open_count, 1);
  EXPECT_EQ(bins.counts[0].back(), 1);
  EXPECT_EQ(total(bins.counts[0]), 12);
}

TEST(HistogramBins, WideRangesUseALogAxis) {
  const Bins bins = histogram_bins({{0, 1, 10, 100, 1000}});
  ASSERT_TRUE(bins.log_x);
  EXPECT_DOUBLE_EQ(bins.edges.front(), 1);
  EXPECT_DOUBLE_EQ(bins.edges[1], 1.25);
  EXPECT_GT(bins.edges.back(), 1000);
  EXPECT_EQ(bins.counts[0].front(), 2);  // zero and one share the first bin
  EXPECT_EQ(total(bins.counts[0]), 5);
}

TEST(HistogramBins, ALogAxisSpansFourDecadesAtMost) {
  const Bins bins = histogram_bins({{2, 3, 5, 8, 13, 1e7}});
  ASSERT_TRUE(bins.log_x);
  EXPECT_DOUBLE_EQ(bins.edges.front(), 2);
  ASSERT_TRUE(bins.open_from.has_value());
  EXPECT_GT(*bins.open_from, 2e4);
  EXPECT_LT(*bins.open_from, 3e4);
  EXPECT_EQ(bins.open_count, 1);
  EXPECT_EQ(bins.counts[0].back(), 1);
  EXPECT_EQ(total(bins.counts[0]), 6);
}

}  // namespace
}  // namespace rx::simulation
