// Full disk and read-only state directory: see the tests below (added in the next step).
#include <gtest/gtest.h>
