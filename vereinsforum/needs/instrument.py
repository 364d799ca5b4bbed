"""The default wording of the strengths/weaknesses instrument (German, with translations).

Item texts are content that coordinators edit per version, so they are stored on the rows
(German plus an i18n map), like field names, rather than in the gettext catalogues.
"""

from __future__ import annotations

#: key -> (German text, translations, German anchors, anchor translations)
DEFAULT_ITEMS: dict[str, tuple[str, dict, list, dict]] = {
    "competence": (
        "Wie schätzen Sie die Kompetenz des Vereins in diesem Themenfeld ein?",
        {
            "en": "How do you rate the association's competence in this field?",
            "tr": "Derneğin bu alandaki yetkinliğini nasıl değerlendiriyorsunuz?",
            "ru": "Как вы оцениваете компетентность объединения в этой области?",
            "ar": "كيف تقيّمون كفاءة الجمعية في هذا المجال؟",
        },
        [
            "keine Erfahrung",
            "erste Erfahrungen",
            "solide Grundkenntnisse",
            "gute Kompetenz",
            "sehr gute Kompetenz",
        ],
        {
            "en": [
                "no experience",
                "first experience",
                "sound basics",
                "good competence",
                "very good competence",
            ],
            "tr": [
                "deneyim yok",
                "ilk deneyimler",
                "sağlam temel bilgiler",
                "iyi yetkinlik",
                "çok iyi yetkinlik",
            ],
            "ru": [
                "нет опыта",
                "первый опыт",
                "твёрдые основы",
                "хорошая компетентность",
                "очень хорошая компетентность",
            ],
            "ar": [
                "لا توجد خبرة",
                "خبرة أولية",
                "معرفة أساسية متينة",
                "كفاءة جيدة",
                "كفاءة جيدة جدًا",
            ],
        },
    ),
    "need": (
        "Wie groß ist der Unterstützungsbedarf des Vereins in diesem Themenfeld?",
        {
            "en": "How much support does the association need in this field?",
            "tr": "Derneğin bu alanda ne kadar desteğe ihtiyacı var?",
            "ru": "Насколько объединению нужна поддержка в этой области?",
            "ar": "ما مدى حاجة الجمعية إلى الدعم في هذا المجال؟",
        },
        ["kein Bedarf", "geringer Bedarf", "mittlerer Bedarf", "hoher Bedarf", "sehr hoher Bedarf"],
        {
            "en": ["no need", "low need", "moderate need", "high need", "very high need"],
            "tr": [
                "ihtiyaç yok",
                "düşük ihtiyaç",
                "orta ihtiyaç",
                "yüksek ihtiyaç",
                "çok yüksek ihtiyaç",
            ],
            "ru": [
                "нет потребности",
                "низкая потребность",
                "средняя потребность",
                "высокая потребность",
                "очень высокая потребность",
            ],
            "ar": ["لا حاجة", "حاجة منخفضة", "حاجة متوسطة", "حاجة عالية", "حاجة عالية جدًا"],
        },
    ),
    "willing": (
        "Ist der Verein bereit, seine Kompetenz an andere Vereine weiterzugeben?",
        {
            "en": "Is the association willing to pass its competence on to other associations?",
            "tr": "Dernek yetkinliğini diğer derneklere aktarmaya hazır mı?",
            "ru": "Готово ли объединение передавать свой опыт другим объединениям?",
            "ar": "هل الجمعية مستعدة لنقل كفاءتها إلى جمعيات أخرى؟",
        },
        [],
        {},
    ),
    "capacity": (
        "Wie viele Vereine könnte er dabei unterstützen?",
        {
            "en": "How many associations could it support?",
            "tr": "Kaç derneğe destek olabilir?",
            "ru": "Скольким объединениям оно могло бы помочь?",
            "ar": "كم عدد الجمعيات التي يمكنها دعمها؟",
        },
        [],
        {},
    ),
    "comment": (
        "Anmerkungen",
        {"en": "Remarks", "tr": "Notlar", "ru": "Примечания", "ar": "ملاحظات"},
        [],
        {},
    ),
    "members": (
        "Wie viele Mitglieder hat der Verein?",
        {
            "en": "How many members does the association have?",
            "tr": "Derneğin kaç üyesi var?",
            "ru": "Сколько членов в объединении?",
            "ar": "كم عدد أعضاء الجمعية؟",
        },
        [],
        {},
    ),
    "volunteers": (
        "Wie viele Ehrenamtliche arbeiten aktiv mit?",
        {
            "en": "How many volunteers are actively involved?",
            "tr": "Kaç gönüllü aktif olarak çalışıyor?",
            "ru": "Сколько добровольцев активно участвует в работе?",
            "ar": "كم عدد المتطوعين الناشطين؟",
        },
        [],
        {},
    ),
    "premises": (
        "Welche Räumlichkeiten stehen dem Verein zur Verfügung?",
        {
            "en": "What premises does the association have?",
            "tr": "Derneğin hangi mekânları var?",
            "ru": "Какими помещениями располагает объединение?",
            "ar": "ما المقرات المتاحة للجمعية؟",
        },
        [],
        {},
    ),
    "languages": (
        "In welchen Sprachen arbeitet der Verein?",
        {
            "en": "In which languages does the association work?",
            "tr": "Dernek hangi dillerde çalışıyor?",
            "ru": "На каких языках работает объединение?",
            "ar": "بأي لغات تعمل الجمعية؟",
        },
        [],
        {},
    ),
    "website": (
        "Hat der Verein eine eigene Internetseite?",
        {
            "en": "Does the association have its own website?",
            "tr": "Derneğin kendi internet sitesi var mı?",
            "ru": "Есть ли у объединения собственный сайт?",
            "ar": "هل للجمعية موقع إلكتروني خاص بها؟",
        },
        [],
        {},
    ),
    "flyer": (
        "Hat der Verein ein Faltblatt oder einen Flyer?",
        {
            "en": "Does the association have a leaflet or flyer?",
            "tr": "Derneğin bir broşürü veya el ilanı var mı?",
            "ru": "Есть ли у объединения буклет или листовка?",
            "ar": "هل للجمعية نشرة أو مطوية تعريفية؟",
        },
        [],
        {},
    ),
}
