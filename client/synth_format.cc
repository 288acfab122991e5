#include "client/synth_format.h"

#include <array>
#include <cstring>

#include "client/synth_calendar.h"
#include "client/synth_random.h"
#include "client/synth_tables.h"

namespace eventgraph::client {
namespace {

constexpr std::array<std::string_view, 14> kTsvColumns = {
    "actor",      "action",    "target",   "date",  "event_code",
    "quad_class", "goldstein", "mentions", "tone",  "source_event_id",
    "country",    "lat",       "lon",      "source"};

constexpr std::string_view kUrlPrefix = "https://example.org/";
// Empty geo columns: Type 0 and seven empty fields.
constexpr std::string_view kNoGeo = "0\t\t\t\t\t\t\t";

char* Put(std::string_view text, char* out) {
  std::memcpy(out, text.data(), text.size());
  return out + text.size();
}

char* Put(char c, char* out) {
  *out = c;
  return out + 1;
}

char* PutUint(uint64_t value, char* out) {
  char digits[20];
  int n = 0;
  do {
    digits[n++] = static_cast<char>('0' + value % 10);
    value /= 10;
  } while (value != 0);
  while (n > 0) *out++ = digits[--n];
  return out;
}

// Exactly `width` digits, zero-padded.
char* PutPadded(uint64_t value, int width, char* out) {
  for (int i = width - 1; i >= 0; --i) {
    out[i] = static_cast<char>('0' + value % 10);
    value /= 10;
  }
  return out + width;
}

// value / 10^scale in shortest decimal form: "-10", "1.9", "55.7522", "0".
char* PutScaled(int64_t value, int scale, char* out) {
  uint64_t magnitude = value < 0 ? 0 - static_cast<uint64_t>(value)
                                 : static_cast<uint64_t>(value);
  uint64_t unit = 1;
  for (int i = 0; i < scale; ++i) unit *= 10;
  if (value < 0) *out++ = '-';
  out = PutUint(magnitude / unit, out);
  uint64_t fraction = magnitude % unit;
  if (fraction == 0) return out;
  int digits = scale;
  while (fraction % 10 == 0) {
    fraction /= 10;
    --digits;
  }
  *out++ = '.';
  return PutPadded(fraction, digits, out);
}

// PutScaled(value, 4), the common case, without loops over the digits.
char* PutFixed4(int64_t value, char* out) {
  uint64_t magnitude = value < 0 ? 0 - static_cast<uint64_t>(value)
                                 : static_cast<uint64_t>(value);
  if (value < 0) *out++ = '-';
  out = PutUint(magnitude / 10000, out);
  const auto fraction = static_cast<uint32_t>(magnitude % 10000);
  if (fraction == 0) return out;
  out[0] = '.';
  out[1] = static_cast<char>('0' + fraction / 1000);
  out[2] = static_cast<char>('0' + fraction / 100 % 10);
  out[3] = static_cast<char>('0' + fraction / 10 % 10);
  out[4] = static_cast<char>('0' + fraction % 10);
  int length = 5;
  while (out[length - 1] == '0') --length;
  return out + length;
}

std::string Scaled(int64_t value, int scale) {
  char buffer[32];
  return std::string(buffer, PutScaled(value, scale, buffer));
}

// Base-36 digits of `value`, lower case.
char* PutBase36(uint64_t value, char* out) {
  char digits[13];
  int n = 0;
  do {
    const auto digit = static_cast<int>(value % 36);
    digits[n++] =
        static_cast<char>(digit < 10 ? '0' + digit : 'a' + digit - 10);
    value /= 36;
  } while (value != 0);
  while (n > 0) *out++ = digits[--n];
  return out;
}

// YYYYMMDD of a day.
char* PutCompactDate(const CivilDate& date, char* out) {
  out = PutPadded(static_cast<uint64_t>(date.year), 4, out);
  out = PutPadded(static_cast<uint64_t>(date.month), 2, out);
  return PutPadded(static_cast<uint64_t>(date.day), 2, out);
}

}  // namespace

absl::Span<const std::string_view> SynthTsvColumns() { return kTsvColumns; }

SynthFormatter::SynthFormatter(const SynthPopulation& population,
                               SynthFormat format)
    : population_(population), format_(format) {
  for (uint32_t c = 0; c < population.country_count(); ++c) {
    const SynthCountry& country = population.country(c);
    // A fixed, made-up ADM1 region and ADM2 and feature numbers for the
    // capital, derived from the country code.
    const uint64_t hash = Mix64(country.iso3[0] * 65536 +
                                country.iso3[1] * 256 + country.iso3[2]);
    const std::string adm1 =
        std::string(country.fips) + Scaled(10 + hash % 80, 0);
    CountryGeo geo;
    geo.country_level =
        std::string("1\t") + std::string(country.place) + "\t" +
        std::string(country.fips) + "\t" + std::string(country.fips) + "\t\t" +
        Scaled(country.centroid_lat, 4) + "\t" +
        Scaled(country.centroid_lon, 4) + "\t" + std::string(country.fips);
    geo.city_prefix = std::string("4\t") + std::string(country.capital) + ", " +
                      std::string(country.place) + "\t" +
                      std::string(country.fips) + "\t" + adm1 + "\t" +
                      Scaled(10000 + (hash >> 8) % 90000, 0) + "\t";
    geo.city_suffix =
        "\t" +
        Scaled(-static_cast<int64_t>(1'000'000 + (hash >> 32) % 9'000'000), 0);
    geo_.push_back(std::move(geo));
  }
  for (const SynthCameoCode& code : SynthCameoCodes()) {
    const std::string_view text = code.code;
    goldstein_.push_back(Scaled(code.goldstein_tenths, 1));
    code_columns_.push_back(
        std::string(text) + "\t" + std::string(text.substr(0, 3)) + "\t" +
        std::string(text.substr(0, 2)) + "\t" +
        Scaled(SynthQuadClass(text), 0) + "\t" + goldstein_.back());
  }
}

std::string SynthFormatter::Header() const {
  if (format_ == SynthFormat::kGdelt2) return "";
  std::string header;
  for (size_t i = 0; i < kTsvColumns.size(); ++i) {
    if (i > 0) header.push_back('\t');
    header.append(kTsvColumns[i]);
  }
  header.push_back('\n');
  return header;
}

char* SynthFormatter::Write(const SynthEvent& event, char* out) {
  if (!have_day_ || event.day != day_) SetDay(event.day);
  return format_ == SynthFormat::kGdelt2 ? WriteGdelt2(event, out)
                                         : WriteTsv(event, out);
}

void SynthFormatter::SetDay(int64_t day) {
  const CivilDate date = CivilFromDays(day);
  char buffer[64];
  char* out = PutCompactDate(date, buffer);
  out = Put('\t', out);
  out = PutPadded(static_cast<uint64_t>(date.year), 4, out);
  out = PutPadded(static_cast<uint64_t>(date.month), 2, out);
  out = Put('\t', out);
  out = PutPadded(static_cast<uint64_t>(date.year), 4, out);
  out = Put('\t', out);
  // FractionDate: year + day of year / 365, four decimals (as GDELT).
  const int64_t fraction = (DayOfYear(day) * 10000LL + 182) / 365;
  out = PutUint(static_cast<uint64_t>(date.year) + fraction / 10000, out);
  out = Put('.', out);
  out = PutPadded(static_cast<uint64_t>(fraction % 10000), 4, out);
  gdelt_date_.assign(buffer, out);

  out = PutPadded(static_cast<uint64_t>(date.year), 4, buffer);
  out = Put('-', out);
  out = PutPadded(static_cast<uint64_t>(date.month), 2, out);
  out = Put('-', out);
  out = PutPadded(static_cast<uint64_t>(date.day), 2, out);
  iso_date_.assign(buffer, out);
  for (int lag = 0; lag < kAddedDays; ++lag) {
    PutCompactDate(CivilFromDays(day + lag), added_dates_[lag]);
  }
  url_date_ = iso_date_;
  url_date_[4] = '/';
  url_date_[7] = '/';
  day_ = day;
  have_day_ = true;
}

char* SynthFormatter::WriteGeo(const SynthGeo& geo, char* out) const {
  if (geo.type == kGeoNone) return Put(kNoGeo, out);
  const CountryGeo& text = geo_[geo.country];
  if (geo.type == kGeoCountry) return Put(text.country_level, out);
  out = Put(text.city_prefix, out);
  out = PutFixed4(geo.lat, out);
  out = Put('\t', out);
  out = PutFixed4(geo.lon, out);
  return Put(text.city_suffix, out);
}

char* SynthFormatter::WriteUrl(const SynthEvent& event, char* out) const {
  out = Put(kUrlPrefix, out);
  out = Put(SynthOutlets()[event.outlet], out);
  out = Put('/', out);
  out = Put(url_date_, out);
  out = Put('/', out);
  out = PutBase36(event.article, out);
  return Put(std::string_view(".html"), out);
}

char* SynthFormatter::WriteGdelt2(const SynthEvent& event, char* out) {
  out = PutUint(event.id, out);
  out = Put('\t', out);
  out = Put(gdelt_date_, out);
  out = Put('\t', out);
  out = Put(population_.Columns(event.actor1), out);
  out = Put('\t', out);
  out = Put(population_.Columns(event.actor2), out);
  out = Put('\t', out);
  out = Put(event.root ? '1' : '0', out);
  out = Put('\t', out);
  out = Put(code_columns_[event.code], out);
  out = Put('\t', out);
  out = PutUint(event.mentions, out);
  out = Put('\t', out);
  out = PutUint(event.sources, out);
  out = Put('\t', out);
  out = PutUint(event.articles, out);
  out = Put('\t', out);
  out = PutFixed4(event.tone, out);
  out = Put('\t', out);
  out = WriteGeo(event.actor1_geo, out);
  out = Put('\t', out);
  out = WriteGeo(event.actor2_geo, out);
  out = Put('\t', out);
  out = WriteGeo(event.action_geo, out);
  out = Put('\t', out);
  // DATEADDED: YYYYMMDDHHMMSS.
  const int64_t lag = event.added_day - event.day;
  if (lag >= 0 && lag < kAddedDays) {
    out = Put(std::string_view(added_dates_[lag], 8), out);
  } else {
    out = PutCompactDate(CivilFromDays(event.added_day), out);
  }
  out = PutPadded(static_cast<uint64_t>(event.added_minute / 60), 2, out);
  out = PutPadded(static_cast<uint64_t>(event.added_minute % 60), 2, out);
  out = Put(std::string_view("00\t"), out);
  out = WriteUrl(event, out);
  return Put('\n', out);
}

char* SynthFormatter::WriteTsv(const SynthEvent& event, char* out) {
  const SynthCameoCode& code = SynthCameoCodes()[event.code];
  out = Put(population_.Name(event.actor1), out);
  out = Put('\t', out);
  out = Put(code.description, out);
  out = Put('\t', out);
  out = Put(population_.Name(event.actor2), out);
  out = Put('\t', out);
  out = Put(iso_date_, out);
  out = Put('\t', out);
  out = Put(code.code, out);
  out = Put('\t', out);
  out = PutUint(static_cast<uint64_t>(SynthQuadClass(code.code)), out);
  out = Put('\t', out);
  out = Put(goldstein_[event.code], out);
  out = Put('\t', out);
  out = PutUint(event.mentions, out);
  out = Put('\t', out);
  out = PutFixed4(event.tone, out);
  out = Put('\t', out);
  out = PutUint(event.id, out);
  out = Put('\t', out);
  out = Put(population_.country(event.action_geo.country).fips, out);
  out = Put('\t', out);
  out = PutFixed4(event.action_geo.lat, out);
  out = Put('\t', out);
  out = PutFixed4(event.action_geo.lon, out);
  out = Put('\t', out);
  out = WriteUrl(event, out);
  return Put('\n', out);
}

}  // namespace eventgraph::client
