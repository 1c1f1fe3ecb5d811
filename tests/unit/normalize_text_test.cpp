// Text folding and personal names (tools/normalize: chinese_text, person_name, sex, role).
#include <doctest/doctest.h>

#include "chinese_text.h"
#include "person_name.h"
#include "role.h"
#include "sex.h"

using namespace reunite::normalize;

namespace {
ChineseText& text() {
  static ChineseText shared;
  return shared;
}
std::string key(std::string_view name) {
  return normalize_name(text(), name).pinyin;
}
}  // namespace

TEST_CASE("fold: NFKC, full-width to half-width, spaces collapsed, case folded, simplified") {
  CHECK(text().fold("  張偉 ") == "张伟");
  CHECK(text().fold("ＺＨＡＮＧ　Ｗｅｉ") == "zhang wei");
  CHECK(text().fold("Zhang\t\n  Wei") == "zhang wei");
  CHECK(text().fold("重慶市") == "重庆市");
  CHECK(text().fold("ß") == "ss");
  CHECK(text().fold("") == "");
  CHECK(text().clean("ＡＢＣ") == "ABC");
}

TEST_CASE("names in characters: surname, space, given syllables joined") {
  CHECK(key("张伟") == "zhang wei");
  CHECK(key("張偉") == "zhang wei");
  CHECK(key("王小明") == "wang xiaoming");
  CHECK(key("欧阳娜娜") == "ouyang nana");
  CHECK(key("歐陽娜娜") == "ouyang nana");
  CHECK(key("司马光") == "sima guang");
  CHECK(key("诸葛亮") == "zhuge liang");
  CHECK(key("单雄信") == "shan xiongxin");  // surname reading, not dan
  CHECK(key("曾国藩") == "zeng guofan");    // not ceng, and no phrase across the surname
  CHECK(key("张 伟") == "zhang wei");
}

TEST_CASE("ü stays distinct from u") {
  CHECK(key("吕小明") == "lv xiaoming");
  CHECK(key("陆小明") == "lu xiaoming");
  CHECK(key("Lǚ Xiǎomíng") == "lv xiaoming");
  CHECK(key("Lü Xiaoming") == "lv xiaoming");
  CHECK(key("lu: xiaoming") == "lv xiaoming");
  CHECK(key("LV Xiaoming") == "lv xiaoming");
}

TEST_CASE("romanized names reach the key of their characters, in either order") {
  for (std::string spelling :
       {"Zhang Wei", "zhang wei", "WEI ZHANG", "Wei Zhang", "ZHANG Wei", "Wei ZHANG", "Zhāng Wěi",
        "zhang1 wei3", "ZhangWei", " zhang   wei ", "ｚｈａｎｇ　ｗｅｉ"}) {
    CAPTURE(spelling);
    CHECK(key(spelling) == "zhang wei");
  }
  CHECK(key("Wang Xiaoming") == "wang xiaoming");
  CHECK(key("Xiaoming Wang") == "wang xiaoming");
  CHECK(key("wang xiao ming") == "wang xiaoming");
  CHECK(key("Xiao-Ming WANG") == "wang xiaoming");
  CHECK(key("Ouyang Nana") == "ouyang nana");
  CHECK(key("Nana Ouyang") == "ouyang nana");
  CHECK(key("Ou Yang Na Na") == "ouyang nana");
}

TEST_CASE("mixed scripts and transcribed names") {
  CHECK(key("张Wei") == "zhang wei");
  CHECK(key("买买提·艾力") == "maimaiti aili");
  CHECK(normalize_name(text(), "买买提·艾力").folded == "买买提·艾力");
  CHECK(key("123") == "");
}

TEST_CASE("sex") {
  auto sex = [](std::string_view v) {
    auto s = parse_sex(text(), v);
    return s ? std::string(sex_code(*s)) : std::string("none");
  };
  CHECK(sex("男") == "M");
  CHECK(sex("女孩") == "F");
  CHECK(sex("Male") == "M");
  CHECK(sex("F") == "F");
  CHECK(sex("f.") == "F");
  CHECK(sex("boy") == "M");
  CHECK(sex("1") == "M");
  CHECK(sex("2") == "F");
  CHECK(sex("9") == "U");
  CHECK(sex("未知") == "U");
  CHECK(sex("ＭＡＬＥ") == "M");
  CHECK(sex("3") == "none");
  CHECK(sex("yes") == "none");
}

TEST_CASE("roles and relations") {
  auto role = [](std::string_view v) {
    auto r = canonical_role(text(), v);
    return r ? std::string(*r) : std::string("none");
  };
  CHECK(role("父亲") == "father");
  CHECK(role("爸爸") == "father");
  CHECK(role("Mother") == "mother");
  CHECK(role("孩子") == "child");
  CHECK(role("女儿") == "child");
  CHECK(role("姐姐") == "sibling");
  CHECK(role("Alleged Father") == "father");
  CHECK(role("alleged-father") == "father");
  CHECK(role("舅舅") == "relative");
  CHECK(role("Grandmother") == "grandparent");
  CHECK(role("uncle") == "relative");
  CHECK(role("neighbour") == "none");
  // Children of unknown origin (the query side of a DNA search) as lab exports name them.
  CHECK(role("child_unknown_origin") == "child");
  CHECK(role("Unidentified child") == "child");
  CHECK(role("来历不明儿童") == "child");
  CHECK(role("乞讨儿童") == "child");
}
