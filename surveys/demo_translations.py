# ruff: noqa: E501 -- translated sentences read better unbroken
"""The demo survey's own content in Urdu and Polish, keyed as surveys.translation names
its strings.

MACHINE-DRAFTED, NOT YET REVIEWED by a native speaker: good enough to show how a
translated survey works, not to be reused as checked wording. When the English in
surveys/demo.py changes, change these too (tests/unit/test_translation.py checks
every string is there).
"""

from __future__ import annotations

DEMO_TRANSLATIONS: dict[str, dict[str, str]] = {
    "ur": {
        "title": "آپ کے علاقے میں فوری طبی نگہداشت",
        "introduction": (
            "ہم منصوبہ بنا رہے ہیں کہ اگلے سال سے چورلی اور ساؤتھ ربل میں فوری طبی نگہداشت کیسے کام کرے گی۔ "
            "اس سروے میں تقریباً 5 منٹ لگتے ہیں۔ آپ کے لیے ہر سوال کا جواب دینا ضروری نہیں ہے۔"
        ),
        "privacy_notice": (
            "یہ سروے گمنام ہے۔ ہم آپ کا نام یا رابطے کی تفصیلات نہیں پوچھتے۔ "
            "جوابات 2 سال تک رکھے جاتے ہیں اور پھر مٹا دیے جاتے ہیں۔ "
            "انفرادی جوابات صرف انگیجمنٹ ٹیم دیکھتی ہے۔"
        ),
        "section.s1.title": "فوری طبی نگہداشت کا استعمال",
        "question.used_service.text": "آپ نے اسٹیشن روڈ پر واقع واک اِن سینٹر آخری بار کب استعمال کیا؟",
        "question.used_service.help": (
            "اپنے لیے یا کسی ایسے شخص کے لیے جس کی آپ دیکھ بھال کرتے ہیں، کیے گئے دوروں کے بارے میں سوچیں۔"
        ),
        "question.used_service.easy_read_text": "آپ آخری بار اسٹیشن روڈ والے واک اِن سینٹر کب گئے تھے؟",
        "question.used_service.option.month": "پچھلے ایک مہینے میں",
        "question.used_service.option.year": "پچھلے ایک سال میں",
        "question.used_service.option.longer": "ایک سال سے زیادہ پہلے",
        "question.used_service.option.never": "میں نے اسے کبھی استعمال نہیں کیا",
        "question.used_service.image_alt": "ایک ہیلتھ سینٹر کی عمارت جس کی چھت پر سفید صلیب ہے",
        "section.s2.title": "آپ کا پچھلا دورہ",
        "question.rating.text": "آپ اپنے پچھلے دورے کو کیسا درجہ دیں گے؟",
        "question.rating.scale_min_label": "بہت خراب",
        "question.rating.scale_max_label": "بہت اچھا",
        "question.rating.easy_read_text": "آپ کا پچھلا دورہ کیسا رہا؟",
        "question.rating.image_alt": "ایک کلپ بورڈ جس پر سنہرا ستارہ ہے",
        "question.wait.text": "آپ کو دیکھے جانے کے لیے تقریباً کتنے منٹ انتظار کرنا پڑا؟",
        "question.wait.help": "اگر آپ کو یاد نہیں تو اسے خالی چھوڑ دیں۔",
        "question.wait.easy_read_text": "آپ نے کتنے منٹ انتظار کیا؟ آپ اسے خالی چھوڑ سکتے ہیں۔",
        "question.wait.image_alt": "ایک گھڑی",
        "section.s3.title": "آپ کے لیے کیا اہم ہے",
        "question.matters.text": "جب آپ کو فوری طبی نگہداشت کی ضرورت ہو تو آپ کے لیے سب سے زیادہ کیا اہم ہے؟",
        "question.matters.help": "جتنے لاگو ہوں سب منتخب کریں۔",
        "question.matters.easy_read_text": "آپ کے لیے سب سے اہم کیا ہے؟ آپ ایک سے زیادہ چن سکتے ہیں۔",
        "question.matters.option.near": "گھر کے قریب ہونا",
        "question.matters.option.near.easy_read": "میرے گھر کے قریب",
        "question.matters.option.fast": "جلدی دیکھا جانا",
        "question.matters.option.fast.easy_read": "زیادہ انتظار نہ کرنا",
        "question.matters.option.parking": "پارکنگ اور پبلک ٹرانسپورٹ",
        "question.matters.option.parking.easy_read": "گاڑی یا بس سے آسانی سے پہنچنا",
        "question.matters.option.evenings": "شام کو اور ہفتے کے آخر میں کھلا ہونا",
        "question.matters.option.evenings.easy_read": "شام کو اور ہفتے کے آخر میں کھلا",
        "question.matters.option.same_staff": "ایسے عملے سے ملنا جو میری طبی تاریخ جانتا ہو",
        "question.matters.option.same_staff.easy_read": "عملہ جو مجھے جانتا ہو",
        "question.matters.image_alt": "ایک سرخ دل",
        "question.phone_first.text": "کیا آپ سفر کرنے سے پہلے NHS 111 پر فون کرنے پر راضی ہوں گے؟",
        "question.phone_first.easy_read_text": "کیا آپ پہلے 111 پر فون کریں گے؟ 111 ایک مفت NHS فون نمبر ہے۔",
        "question.phone_first.image_alt": "ایک موبائل فون جس پر نمبر 111 دکھائی دے رہا ہے",
        "question.ideas.text": "کیا آپ ہمیں کچھ اور بتانا چاہیں گے؟",
        "question.ideas.easy_read_text": "کیا آپ ہمیں کچھ اور بتانا چاہتے ہیں؟",
        "question.ideas.image_alt": "بات چیت کا ایک غبارہ",
    },
    "pl": {
        "title": "Pilna opieka medyczna w Twojej okolicy",
        "introduction": (
            "Planujemy, jak od przyszłego roku będzie działać pilna opieka medyczna w Chorley i South Ribble. "
            "Wypełnienie ankiety zajmie około 5 minut. Nie musisz odpowiadać na każde pytanie."
        ),
        "privacy_notice": (
            "Ankieta jest anonimowa. Nie pytamy o imię i nazwisko ani o dane kontaktowe. "
            "Odpowiedzi przechowujemy przez 2 lata, a potem je usuwamy. "
            "Pojedyncze odpowiedzi widzi tylko zespół ds. konsultacji społecznych."
        ),
        "section.s1.title": "Korzystanie z pilnej opieki",
        "question.used_service.text": (
            "Kiedy ostatnio korzystałeś(-aś) z przychodni bez zapisów (walk-in centre) przy Station Road?"
        ),
        "question.used_service.help": "Pomyśl o wizytach dotyczących Ciebie lub osoby, którą się opiekujesz.",
        "question.used_service.easy_read_text": "Kiedy ostatnio byłeś(-aś) w przychodni bez zapisów przy Station Road?",
        "question.used_service.option.month": "W ostatnim miesiącu",
        "question.used_service.option.year": "W ostatnim roku",
        "question.used_service.option.longer": "Ponad rok temu",
        "question.used_service.option.never": "Nigdy z niej nie korzystałem(-am)",
        "question.used_service.image_alt": "Budynek przychodni z białym krzyżem na dachu",
        "section.s2.title": "Twoja ostatnia wizyta",
        "question.rating.text": "Jak oceniasz swoją ostatnią wizytę?",
        "question.rating.scale_min_label": "Bardzo źle",
        "question.rating.scale_max_label": "Bardzo dobrze",
        "question.rating.easy_read_text": "Jak było podczas Twojej ostatniej wizyty?",
        "question.rating.image_alt": "Podkładka do pisania ze złotą gwiazdką",
        "question.wait.text": "Ile mniej więcej minut czekałeś(-aś) na przyjęcie?",
        "question.wait.help": "Zostaw puste, jeśli nie pamiętasz.",
        "question.wait.easy_read_text": "Ile minut czekałeś(-aś)? Możesz zostawić to puste.",
        "question.wait.image_alt": "Zegar",
        "section.s3.title": "Co jest dla Ciebie ważne",
        "question.matters.text": "Co jest dla Ciebie najważniejsze, gdy potrzebujesz pilnej opieki?",
        "question.matters.help": "Zaznacz wszystkie pasujące odpowiedzi.",
        "question.matters.easy_read_text": (
            "Co jest dla Ciebie najważniejsze? Możesz wybrać więcej niż jedną odpowiedź."
        ),
        "question.matters.option.near": "Bliskość domu",
        "question.matters.option.near.easy_read": "Blisko mojego domu",
        "question.matters.option.fast": "Szybkie przyjęcie",
        "question.matters.option.fast.easy_read": "Krótkie czekanie",
        "question.matters.option.parking": "Parking i transport publiczny",
        "question.matters.option.parking.easy_read": "Łatwy dojazd samochodem lub autobusem",
        "question.matters.option.evenings": "Otwarcie wieczorami i w weekendy",
        "question.matters.option.evenings.easy_read": "Otwarte wieczorem i w weekend",
        "question.matters.option.same_staff": "Personel, który zna moją historię choroby",
        "question.matters.option.same_staff.easy_read": "Personel, który mnie zna",
        "question.matters.image_alt": "Czerwone serce",
        "question.phone_first.text": "Czy zgodził(a)byś się zadzwonić pod numer NHS 111 przed wyjazdem?",
        "question.phone_first.easy_read_text": "Czy zadzwonisz najpierw pod 111? 111 to bezpłatny numer telefonu NHS.",
        "question.phone_first.image_alt": "Telefon komórkowy z numerem 111 na ekranie",
        "question.ideas.text": "Czy chcesz nam powiedzieć coś jeszcze?",
        "question.ideas.easy_read_text": "Czy chcesz nam powiedzieć coś jeszcze?",
        "question.ideas.image_alt": "Dymek z tekstem",
    },
}

# The demo's equality monitoring section (surveys.equality: Census 2021 / GSS wording),
# added when the demo is loaded. Also machine-drafted and awaiting review.
_EQUALITY: dict[str, dict[str, str]] = {
    "ur": {
        "section.equality.title": "آپ کے بارے میں",
        "section.equality.intro": (
            "یہ سوالات ہمیں یہ جانچنے میں مدد دیتے ہیں کہ ہم کمیونٹی کے ہر حصے سے سن رہے ہیں۔ "
            "آپ کے لیے ان کا جواب دینا ضروری نہیں۔ آپ کے جوابات آپ کے دوسرے جوابات سے الگ رکھے جاتے ہیں "
            "اور ہمیشہ صرف لوگوں کے گروپوں کی مجموعی تعداد کے طور پر بتائے جاتے ہیں۔"
        ),
        "question.eq_age.text": "آپ کس عمر کے گروپ میں ہیں؟",
        "question.eq_age.option.16_to_24": "16 سے 24",
        "question.eq_age.option.25_to_34": "25 سے 34",
        "question.eq_age.option.35_to_44": "35 سے 44",
        "question.eq_age.option.45_to_54": "45 سے 54",
        "question.eq_age.option.55_to_64": "55 سے 64",
        "question.eq_age.option.65_to_74": "65 سے 74",
        "question.eq_age.option.75_or_over": "75 یا اس سے زیادہ",
        "question.eq_age.option.prefer_not_to_say": "نہیں بتانا چاہتے",
        "question.eq_sex.text": "آپ کی جنس کیا ہے؟",
        "question.eq_sex.help": (
            "اگر آپ کو یقین نہیں کہ کیسے جواب دیں تو اپنے پیدائشی سرٹیفکیٹ یا جینڈر ریکگنیشن سرٹیفکیٹ پر درج جنس استعمال کریں۔"
        ),
        "question.eq_sex.option.female": "عورت",
        "question.eq_sex.option.male": "مرد",
        "question.eq_sex.option.prefer_not_to_say": "نہیں بتانا چاہتے",
        "question.eq_gender_identity.text": "کیا آپ جس صنف سے شناخت کرتے ہیں وہ وہی ہے جو پیدائش کے وقت آپ کی جنس درج کی گئی تھی؟",
        "question.eq_gender_identity.option.yes": "ہاں",
        "question.eq_gender_identity.option.no_write_in_gender_identity_op": "نہیں",
        "question.eq_gender_identity.option.prefer_not_to_say": "نہیں بتانا چاہتے",
        "question.eq_sexual_orientation.text": "درج ذیل میں سے کون سا آپ کے جنسی رجحان کو بہترین طور پر بیان کرتا ہے؟",
        "question.eq_sexual_orientation.option.straight_or_heterosexual": "سٹریٹ یا ہیٹروسیکشول",
        "question.eq_sexual_orientation.option.gay_or_lesbian": "گے یا لیزبیئن",
        "question.eq_sexual_orientation.option.bisexual": "بائی سیکشول",
        "question.eq_sexual_orientation.option.other_sexual_orientation_write": "کوئی اور جنسی رجحان",
        "question.eq_sexual_orientation.option.prefer_not_to_say": "نہیں بتانا چاہتے",
        "question.eq_ethnic_group.text": "آپ کا نسلی گروپ کیا ہے؟",
        "question.eq_ethnic_group.help": "ایک اختیار منتخب کریں جو آپ کے نسلی گروپ یا پس منظر کو بہترین طور پر بیان کرے۔",
        "question.eq_ethnic_group.option.english_welsh_scottish_norther": (
            "سفید فام: انگلش، ویلش، اسکاٹش، شمالی آئرش یا برطانوی"
        ),
        "question.eq_ethnic_group.option.irish": "سفید فام: آئرش",
        "question.eq_ethnic_group.option.gypsy_or_irish_traveller": "سفید فام: جپسی یا آئرش ٹریولر",
        "question.eq_ethnic_group.option.roma": "سفید فام: روما",
        "question.eq_ethnic_group.option.any_other_white_background": "سفید فام: کوئی اور سفید فام پس منظر",
        "question.eq_ethnic_group.option.white_and_black_caribbean": "مخلوط یا متعدد نسلی گروپ: سفید فام اور سیاہ فام کیریبین",
        "question.eq_ethnic_group.option.white_and_black_african": "مخلوط یا متعدد نسلی گروپ: سفید فام اور سیاہ فام افریقی",
        "question.eq_ethnic_group.option.white_and_asian": "مخلوط یا متعدد نسلی گروپ: سفید فام اور ایشیائی",
        "question.eq_ethnic_group.option.any_other_mixed_or_multiple_et": (
            "مخلوط یا متعدد نسلی گروپ: کوئی اور مخلوط یا متعدد نسلی پس منظر"
        ),
        "question.eq_ethnic_group.option.indian": "ایشیائی یا ایشیائی برطانوی: ہندوستانی",
        "question.eq_ethnic_group.option.pakistani": "ایشیائی یا ایشیائی برطانوی: پاکستانی",
        "question.eq_ethnic_group.option.bangladeshi": "ایشیائی یا ایشیائی برطانوی: بنگلہ دیشی",
        "question.eq_ethnic_group.option.chinese": "ایشیائی یا ایشیائی برطانوی: چینی",
        "question.eq_ethnic_group.option.any_other_asian_background": "ایشیائی یا ایشیائی برطانوی: کوئی اور ایشیائی پس منظر",
        "question.eq_ethnic_group.option.caribbean": "سیاہ فام، سیاہ فام برطانوی، کیریبین یا افریقی: کیریبین",
        "question.eq_ethnic_group.option.african": "سیاہ فام، سیاہ فام برطانوی، کیریبین یا افریقی: افریقی",
        "question.eq_ethnic_group.option.any_other_black_black_british_": (
            "سیاہ فام، سیاہ فام برطانوی، کیریبین یا افریقی: کوئی اور سیاہ فام، سیاہ فام برطانوی یا کیریبین پس منظر"
        ),
        "question.eq_ethnic_group.option.arab": "کوئی اور نسلی گروپ: عرب",
        "question.eq_ethnic_group.option.any_other_ethnic_group": "کوئی اور نسلی گروپ: کوئی اور نسلی گروپ",
        "question.eq_ethnic_group.option.prefer_not_to_say": "نہیں بتانا چاہتے",
        "question.eq_religion.text": "آپ کا مذہب کیا ہے؟",
        "question.eq_religion.option.no_religion": "کوئی مذہب نہیں",
        "question.eq_religion.option.christian_all_denominations": "عیسائی (تمام فرقے)",
        "question.eq_religion.option.buddhist": "بدھ مت",
        "question.eq_religion.option.hindu": "ہندو",
        "question.eq_religion.option.jewish": "یہودی",
        "question.eq_religion.option.muslim": "مسلمان",
        "question.eq_religion.option.sikh": "سکھ",
        "question.eq_religion.option.any_other_religion_write_in": "کوئی اور مذہب",
        "question.eq_religion.option.prefer_not_to_say": "نہیں بتانا چاہتے",
        "question.eq_disability.text": (
            "کیا آپ کو کوئی جسمانی یا ذہنی صحت کی ایسی حالت یا بیماری ہے جو 12 مہینے یا اس سے زیادہ رہی ہو یا رہنے کی توقع ہو؟"
        ),
        "question.eq_disability.option.yes": "ہاں",
        "question.eq_disability.option.no": "نہیں",
        "question.eq_disability.option.prefer_not_to_say": "نہیں بتانا چاہتے",
        "question.eq_disability_impact.text": (
            "کیا آپ کی حالت یا بیماری / آپ کی کوئی حالت یا بیماری روزمرہ کے کام کرنے کی آپ کی صلاحیت کو کم کرتی ہے؟"
        ),
        "question.eq_disability_impact.help": "اگر آپ نے پچھلے سوال کا جواب ہاں دیا ہے تو اس کا جواب دیں۔",
        "question.eq_disability_impact.option.yes_a_lot": "ہاں، بہت زیادہ",
        "question.eq_disability_impact.option.yes_a_little": "ہاں، تھوڑا سا",
        "question.eq_disability_impact.option.not_at_all": "بالکل نہیں",
        "question.eq_disability_impact.option.prefer_not_to_say": "نہیں بتانا چاہتے",
        "question.eq_unpaid_carer.text": (
            "کیا آپ کسی کی دیکھ بھال کرتے ہیں، یا کسی کو کوئی مدد یا سہارا دیتے ہیں، کیونکہ انہیں طویل مدتی جسمانی یا ذہنی صحت "
            "کی حالت یا بیماری ہے، یا بڑھاپے سے متعلق مسائل ہیں؟"
        ),
        "question.eq_unpaid_carer.help": "جو کچھ آپ اپنی تنخواہ والی ملازمت کے حصے کے طور پر کرتے ہیں اسے شامل نہ کریں۔",
        "question.eq_unpaid_carer.option.no": "نہیں",
        "question.eq_unpaid_carer.option.yes_9_hours_a_week_or_less": "ہاں، ہفتے میں 9 گھنٹے یا اس سے کم",
        "question.eq_unpaid_carer.option.yes_10_to_19_hours_a_week": "ہاں، ہفتے میں 10 سے 19 گھنٹے",
        "question.eq_unpaid_carer.option.yes_20_to_34_hours_a_week": "ہاں، ہفتے میں 20 سے 34 گھنٹے",
        "question.eq_unpaid_carer.option.yes_35_to_49_hours_a_week": "ہاں، ہفتے میں 35 سے 49 گھنٹے",
        "question.eq_unpaid_carer.option.yes_50_or_more_hours_a_week": "ہاں، ہفتے میں 50 یا اس سے زیادہ گھنٹے",
        "question.eq_unpaid_carer.option.prefer_not_to_say": "نہیں بتانا چاہتے",
        "question.eq_pregnancy_maternity.text": "کیا آپ اس وقت حاملہ ہیں یا آپ نے پچھلے 26 ہفتوں میں بچے کو جنم دیا ہے؟",
        "question.eq_pregnancy_maternity.option.yes": "ہاں",
        "question.eq_pregnancy_maternity.option.no": "نہیں",
        "question.eq_pregnancy_maternity.option.prefer_not_to_say": "نہیں بتانا چاہتے",
        "question.eq_marriage_civil_partnership.text": "آپ کی قانونی ازدواجی یا رجسٹرڈ سول پارٹنرشپ کی حیثیت کیا ہے؟",
        "question.eq_marriage_civil_partnership.option.never_married_and_never_regist": (
            "کبھی شادی نہیں کی اور کبھی سول پارٹنرشپ رجسٹر نہیں کرائی"
        ),
        "question.eq_marriage_civil_partnership.option.married": "شادی شدہ",
        "question.eq_marriage_civil_partnership.option.in_a_registered_civil_partners": "رجسٹرڈ سول پارٹنرشپ میں",
        "question.eq_marriage_civil_partnership.option.separated_but_still_legally_ma": "علیحدہ، لیکن قانونی طور پر اب بھی شادی شدہ",
        "question.eq_marriage_civil_partnership.option.separated_but_still_legally_in": (
            "علیحدہ، لیکن قانونی طور پر اب بھی سول پارٹنرشپ میں"
        ),
        "question.eq_marriage_civil_partnership.option.divorced": "طلاق یافتہ",
        "question.eq_marriage_civil_partnership.option.formerly_in_a_civil_partnershi": (
            "پہلے سول پارٹنرشپ میں تھے جو اب قانونی طور پر ختم ہو چکی ہے"
        ),
        "question.eq_marriage_civil_partnership.option.widowed": "بیوہ یا رنڈوا",
        "question.eq_marriage_civil_partnership.option.surviving_partner_from_a_civil": "سول پارٹنرشپ کے زندہ بچ جانے والے پارٹنر",
        "question.eq_marriage_civil_partnership.option.prefer_not_to_say": "نہیں بتانا چاہتے",
        "question.eq_postcode_district.text": "آپ کے پوسٹ کوڈ کا پہلا حصہ کیا ہے؟",
        "question.eq_postcode_district.help": "مثال کے طور پر، PR7 یا M1۔ اگر آپ نہیں بتانا چاہتے تو اسے خالی چھوڑ دیں۔",
    },
    "pl": {
        "section.equality.title": "Informacje o Tobie",
        "section.equality.intro": (
            "Te pytania pomagają nam sprawdzić, czy słyszymy głos każdej części społeczności. "
            "Nie musisz na nie odpowiadać. Twoje odpowiedzi są przechowywane oddzielnie od pozostałych "
            "i zawsze podawane tylko jako sumy dla grup osób."
        ),
        "question.eq_age.text": "W jakiej jesteś grupie wiekowej?",
        "question.eq_age.option.16_to_24": "16–24",
        "question.eq_age.option.25_to_34": "25–34",
        "question.eq_age.option.35_to_44": "35–44",
        "question.eq_age.option.45_to_54": "45–54",
        "question.eq_age.option.55_to_64": "55–64",
        "question.eq_age.option.65_to_74": "65–74",
        "question.eq_age.option.75_or_over": "75 lub więcej",
        "question.eq_age.option.prefer_not_to_say": "Wolę nie mówić",
        "question.eq_sex.text": "Jaka jest Twoja płeć?",
        "question.eq_sex.help": (
            "Jeśli nie wiesz, jak odpowiedzieć, podaj płeć zapisaną w akcie urodzenia lub w certyfikacie uznania płci "
            "(Gender Recognition Certificate)."
        ),
        "question.eq_sex.option.female": "Kobieta",
        "question.eq_sex.option.male": "Mężczyzna",
        "question.eq_sex.option.prefer_not_to_say": "Wolę nie mówić",
        "question.eq_gender_identity.text": "Czy płeć, z którą się identyfikujesz, jest taka sama jak płeć zapisana przy urodzeniu?",
        "question.eq_gender_identity.option.yes": "Tak",
        "question.eq_gender_identity.option.no_write_in_gender_identity_op": "Nie",
        "question.eq_gender_identity.option.prefer_not_to_say": "Wolę nie mówić",
        "question.eq_sexual_orientation.text": "Co najlepiej opisuje Twoją orientację seksualną?",
        "question.eq_sexual_orientation.option.straight_or_heterosexual": "Heteroseksualna",
        "question.eq_sexual_orientation.option.gay_or_lesbian": "Gej lub lesbijka",
        "question.eq_sexual_orientation.option.bisexual": "Biseksualna",
        "question.eq_sexual_orientation.option.other_sexual_orientation_write": "Inna orientacja seksualna",
        "question.eq_sexual_orientation.option.prefer_not_to_say": "Wolę nie mówić",
        "question.eq_ethnic_group.text": "Jaka jest Twoja grupa etniczna?",
        "question.eq_ethnic_group.help": "Wybierz jedną opcję, która najlepiej opisuje Twoją grupę etniczną lub pochodzenie.",
        "question.eq_ethnic_group.option.english_welsh_scottish_norther": (
            "Biała: angielska, walijska, szkocka, północnoirlandzka lub brytyjska"
        ),
        "question.eq_ethnic_group.option.irish": "Biała: irlandzka",
        "question.eq_ethnic_group.option.gypsy_or_irish_traveller": "Biała: Cyganie lub irlandzcy Podróżnicy",
        "question.eq_ethnic_group.option.roma": "Biała: Romowie",
        "question.eq_ethnic_group.option.any_other_white_background": "Biała: inne białe pochodzenie",
        "question.eq_ethnic_group.option.white_and_black_caribbean": "Mieszana lub wieloraka: biała i czarna karaibska",
        "question.eq_ethnic_group.option.white_and_black_african": "Mieszana lub wieloraka: biała i czarna afrykańska",
        "question.eq_ethnic_group.option.white_and_asian": "Mieszana lub wieloraka: biała i azjatycka",
        "question.eq_ethnic_group.option.any_other_mixed_or_multiple_et": (
            "Mieszana lub wieloraka: inne mieszane lub wielorakie pochodzenie"
        ),
        "question.eq_ethnic_group.option.indian": "Azjatycka lub azjatycko-brytyjska: indyjska",
        "question.eq_ethnic_group.option.pakistani": "Azjatycka lub azjatycko-brytyjska: pakistańska",
        "question.eq_ethnic_group.option.bangladeshi": "Azjatycka lub azjatycko-brytyjska: bangladeska",
        "question.eq_ethnic_group.option.chinese": "Azjatycka lub azjatycko-brytyjska: chińska",
        "question.eq_ethnic_group.option.any_other_asian_background": "Azjatycka lub azjatycko-brytyjska: inne azjatyckie pochodzenie",
        "question.eq_ethnic_group.option.caribbean": "Czarna, czarna brytyjska, karaibska lub afrykańska: karaibska",
        "question.eq_ethnic_group.option.african": "Czarna, czarna brytyjska, karaibska lub afrykańska: afrykańska",
        "question.eq_ethnic_group.option.any_other_black_black_british_": (
            "Czarna, czarna brytyjska, karaibska lub afrykańska: inne czarne, czarne brytyjskie lub karaibskie pochodzenie"
        ),
        "question.eq_ethnic_group.option.arab": "Inna grupa etniczna: arabska",
        "question.eq_ethnic_group.option.any_other_ethnic_group": "Inna grupa etniczna: dowolna inna grupa etniczna",
        "question.eq_ethnic_group.option.prefer_not_to_say": "Wolę nie mówić",
        "question.eq_religion.text": "Jakie jest Twoje wyznanie?",
        "question.eq_religion.option.no_religion": "Bez wyznania",
        "question.eq_religion.option.christian_all_denominations": "Chrześcijańskie (wszystkie wyznania)",
        "question.eq_religion.option.buddhist": "Buddyjskie",
        "question.eq_religion.option.hindu": "Hinduistyczne",
        "question.eq_religion.option.jewish": "Żydowskie",
        "question.eq_religion.option.muslim": "Muzułmańskie",
        "question.eq_religion.option.sikh": "Sikhijskie",
        "question.eq_religion.option.any_other_religion_write_in": "Inne wyznanie",
        "question.eq_religion.option.prefer_not_to_say": "Wolę nie mówić",
        "question.eq_disability.text": (
            "Czy masz jakiekolwiek schorzenia fizyczne lub psychiczne albo choroby trwające lub mające trwać 12 miesięcy lub dłużej?"
        ),
        "question.eq_disability.option.yes": "Tak",
        "question.eq_disability.option.no": "Nie",
        "question.eq_disability.option.prefer_not_to_say": "Wolę nie mówić",
        "question.eq_disability_impact.text": (
            "Czy Twoje schorzenie lub choroba (albo któreś z nich) ogranicza Twoją zdolność do wykonywania codziennych czynności?"
        ),
        "question.eq_disability_impact.help": "Odpowiedz, jeśli na poprzednie pytanie odpowiedziałeś(-aś) „tak”.",
        "question.eq_disability_impact.option.yes_a_lot": "Tak, bardzo",
        "question.eq_disability_impact.option.yes_a_little": "Tak, trochę",
        "question.eq_disability_impact.option.not_at_all": "Wcale",
        "question.eq_disability_impact.option.prefer_not_to_say": "Wolę nie mówić",
        "question.eq_unpaid_carer.text": (
            "Czy opiekujesz się kimś lub udzielasz komuś pomocy albo wsparcia z powodu długotrwałych schorzeń fizycznych "
            "lub psychicznych, chorób albo problemów związanych z podeszłym wiekiem?"
        ),
        "question.eq_unpaid_carer.help": "Nie wliczaj niczego, co robisz w ramach płatnej pracy.",
        "question.eq_unpaid_carer.option.no": "Nie",
        "question.eq_unpaid_carer.option.yes_9_hours_a_week_or_less": "Tak, 9 godzin tygodniowo lub mniej",
        "question.eq_unpaid_carer.option.yes_10_to_19_hours_a_week": "Tak, od 10 do 19 godzin tygodniowo",
        "question.eq_unpaid_carer.option.yes_20_to_34_hours_a_week": "Tak, od 20 do 34 godzin tygodniowo",
        "question.eq_unpaid_carer.option.yes_35_to_49_hours_a_week": "Tak, od 35 do 49 godzin tygodniowo",
        "question.eq_unpaid_carer.option.yes_50_or_more_hours_a_week": "Tak, 50 godzin tygodniowo lub więcej",
        "question.eq_unpaid_carer.option.prefer_not_to_say": "Wolę nie mówić",
        "question.eq_pregnancy_maternity.text": "Czy jesteś obecnie w ciąży lub urodziłaś dziecko w ciągu ostatnich 26 tygodni?",
        "question.eq_pregnancy_maternity.option.yes": "Tak",
        "question.eq_pregnancy_maternity.option.no": "Nie",
        "question.eq_pregnancy_maternity.option.prefer_not_to_say": "Wolę nie mówić",
        "question.eq_marriage_civil_partnership.text": "Jaki jest Twój prawny stan cywilny lub status zarejestrowanego związku partnerskiego?",
        "question.eq_marriage_civil_partnership.option.never_married_and_never_regist": (
            "Nigdy w związku małżeńskim ani w zarejestrowanym związku partnerskim"
        ),
        "question.eq_marriage_civil_partnership.option.married": "W związku małżeńskim",
        "question.eq_marriage_civil_partnership.option.in_a_registered_civil_partners": "W zarejestrowanym związku partnerskim",
        "question.eq_marriage_civil_partnership.option.separated_but_still_legally_ma": (
            "W separacji, ale nadal prawnie w związku małżeńskim"
        ),
        "question.eq_marriage_civil_partnership.option.separated_but_still_legally_in": (
            "W separacji, ale nadal prawnie w związku partnerskim"
        ),
        "question.eq_marriage_civil_partnership.option.divorced": "Rozwiedziony(-a)",
        "question.eq_marriage_civil_partnership.option.formerly_in_a_civil_partnershi": (
            "Wcześniej w związku partnerskim, który został prawnie rozwiązany"
        ),
        "question.eq_marriage_civil_partnership.option.widowed": "Wdowa lub wdowiec",
        "question.eq_marriage_civil_partnership.option.surviving_partner_from_a_civil": (
            "Owdowiały(-a) partner(ka) ze związku partnerskiego"
        ),
        "question.eq_marriage_civil_partnership.option.prefer_not_to_say": "Wolę nie mówić",
        "question.eq_postcode_district.text": "Jaka jest pierwsza część Twojego kodu pocztowego?",
        "question.eq_postcode_district.help": "Na przykład PR7 lub M1. Zostaw puste, jeśli wolisz nie podawać.",
    },
}
for _language, _strings in _EQUALITY.items():
    DEMO_TRANSLATIONS[_language].update(_strings)
