"""The demo survey's own content in Urdu and Polish, keyed as surveys.translations.model names
its strings.

MACHINE-DRAFTED, NOT YET REVIEWED by a native speaker: good enough to show how a
translated survey works, not to be reused as checked wording. When the English in
surveys/demo.py changes, change these too (tests/unit/test_translation.py checks
every string is there). The standard equality section's translations are not here: they
come with the toolkit (toolkit/equality_translations.json) and are filled in when the demo
is loaded, as for any survey.
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
