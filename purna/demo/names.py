"""Names for the demo: common in Ponorogo and the rest of East Java, by generation.

Javanese names have no surname; many are one word, many two. Older villagers carry the
one-word names of their time (Painem, Kasiran), their children the two-part names of the
1970s-90s (Sri Wahyuni, Eko Prasetyo), and the grandchildren today's Arabic-Indonesian
names (Aulia Putri, Rizky Ramadhan).
"""

import random


def _words(text: str) -> tuple[str, ...]:
    return tuple(text.split())


WOMEN_FIRST = _words(
    "Siti Sri Dwi Tri Endang Nur Eka Rina Yuli Dewi Ani Ika Lina Nanik Umi Titik Anik Erna "
    "Wiwik Rini Tutik Kartika Puji Sulis Yayuk Indah Nining Lilik"
)
WOMEN_SECOND = _words(
    "Aminah Wahyuni Rahayu Lestari Handayani Astutik Purwanti Susanti Mulyani Setyowati "
    "Rahmawati Fatimah Khotimah Nurhayati Suryani Kusumawati Yuliana Indrawati Hidayati "
    "Ningsih Sulistyowati Wulandari Puspitasari Maryam Zulaikha Muawanah Anjarwati Sundari "
    "Utami"
)
WOMEN_SINGLE = _words(
    "Suwarni Sulastri Katmini Sumiati Suyatmi Painah Wartini Sunarti Murtini Marsini Sukarti "
    "Tumini Parmi Jumiati Yatini Sriyati Tukini Sumarni Musrifah Juwariyah Kasiati Sutini"
)
MEN_FIRST = _words(
    "Agus Budi Eko Joko Slamet Bambang Hadi Teguh Sugeng Didik Heru Wahyu Imam Ahmad Muhammad "
    "Rudi Yudi Dwi Tri Puji Arif Nur Dedi Bayu"
)
MEN_SECOND = _words(
    "Santoso Susanto Prasetyo Wibowo Setiawan Purnomo Hidayat Widodo Kurniawan Saputra Riyadi "
    "Hartono Sunarto Mulyono Suyanto Suprapto Triyono Wahyudi Fauzi Syaifuddin Maulana "
    "Nugroho Effendi"
)
MEN_SINGLE = _words(
    "Suparman Sukirno Sarman Parno Tukiran Kasmijan Sumarno Juwari Paimin Sukardi Sutrisno "
    "Misdi Katno Jarni"
)

CHILD_GIRL_FIRST = _words(
    "Aulia Nabila Salsabila Zahra Putri Aisyah Alya Keisha Nayla Citra Anisa Dinda Amelia "
    "Intan Fitri Naura"
)
CHILD_GIRL_SECOND = _words(
    "Putri Ramadhani Azzahra Safitri Rahmawati Maharani Nuraini Anggraini Kurniasari "
    "Wulandari Febriani Oktaviani"
)
CHILD_BOY_FIRST = _words(
    "Rizky Aditya Bagus Fajar Dimas Rafi Arya Reza Fikri Ilham Danu Galang Farel Yoga Naufal Bima"
)
CHILD_BOY_SECOND = _words(
    "Pratama Saputra Ramadhan Setiawan Nugroho Firmansyah Maulana Hidayat Wicaksono Kurniawan "
    "Prakoso Aditama"
)

ELDER_WOMEN = _words(
    "Sarinem Painem Tukinem Suparmi Wagiyem Kasiyem Sainem Ginah Katinem Mesinem Sumirah Tuminah"
)
ELDER_MEN = _words(
    "Kasiran Paiman Sukiman Ngadiman Marto Karto Wagimin Tukimin Parto Sastro Kasmo Darmo "
    "Mukri Soiman"
)


def adult_name(rng: random.Random, sex: str) -> str:
    """An adult of the returnees' generation; sex "P" (perempuan) or "L" (laki-laki)."""
    women = sex == "P"
    if rng.random() < 0.3:
        return rng.choice(WOMEN_SINGLE if women else MEN_SINGLE)
    first = rng.choice(WOMEN_FIRST if women else MEN_FIRST)
    return f"{first} {rng.choice(WOMEN_SECOND if women else MEN_SECOND)}"


def child_name(rng: random.Random, sex: str) -> str:
    first, second = (
        (CHILD_GIRL_FIRST, CHILD_GIRL_SECOND) if sex == "P" else (CHILD_BOY_FIRST, CHILD_BOY_SECOND)
    )
    given = rng.choice(first)
    return f"{given} {rng.choice([name for name in second if name != given])}"


def elder_name(rng: random.Random, sex: str) -> str:
    return rng.choice(ELDER_WOMEN if sex == "P" else ELDER_MEN)
