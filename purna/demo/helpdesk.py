"""The demo's helpdesk: routes, and about twenty tickets of the last six weeks in every
kind and state, with their conversations, recorded through the helpdesk services.

Runs last (the tickets of registered returnees need the mentors of mentoring.py). Like the
year of mentoring, the dates are counted back from today, in WORKING days (the deadlines'
unit, over the Holiday table): so the open tickets are in time, except the two meant to be
late, whatever day the demo is loaded.

Tickets are matched by their description (each demo ticket's text is unique; a tracking
code is random by design, so it cannot be the key): one that exists is left alone with its
conversation, a deleted one comes back. Routes are matched by kind and area. A second run
changes nothing.

The texts are fictional, and so are the submitters who are not registered returnees; the
registered ones are demo returnees (their name, NIK, phone and village). Their phone
numbers are drawn like the demo's others; email addresses use the reserved example.com.
"""

from __future__ import annotations

import random
from collections import Counter
from collections.abc import Collection, Sequence
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from django.utils import timezone

from purna.accounts.models import Institution, User
from purna.areas.models import Village
from purna.core import tickets as rules
from purna.core.workdays import add_working_days, is_working_day
from purna.helpdesk.models import Channel, HelpTopic, Kind, Message, Route, State, Ticket
from purna.helpdesk.services import (
    holidays_for,
    ticket_assign,
    ticket_create,
    ticket_note,
    ticket_rate,
    ticket_reopen,
    ticket_reply,
    ticket_submit,
    ticket_submitter_message,
    ticket_transition,
    tickets_escalate,
)
from purna.mentors.models import Kind as MentorKind
from purna.people.models import Person, Status

from .generate import PHONE_PREFIXES, SEED
from .load import DISNAKER, NGO, PONOROGO, UMPO, USERS, demo_plan

COORDINATOR = "koordinator"
MENTOR_LOGIN = "mentor"
# Step actors besides usernames: the field officer of the ticket's district (the
# coordinator where no demo officer works).
OFFICER = "officer"

# (kind, area, institution, to the family's mentor): Ponorogo's routes, and a route for
# everywhere to the coordinator's university, so a request sent without a village lands
# in a queue the coordinator sees (the most specific area wins).
ROUTES = (
    (Kind.COMPLAINT, PONOROGO, DISNAKER, False),
    (Kind.ABUSE, PONOROGO, DISNAKER, False),
    (Kind.HELP, PONOROGO, UMPO, True),
    (Kind.CONSULTATION, PONOROGO, NGO, True),
    (Kind.COMPLAINT, "", UMPO, False),
    (Kind.ABUSE, "", UMPO, False),
    (Kind.HELP, "", UMPO, False),
    (Kind.CONSULTATION, "", UMPO, False),
)


@dataclass(frozen=True)
class Pick:
    """Which demo returnee submits: the first, in a fixed shuffled order, who fits."""

    statuses: tuple[str, ...] = ()
    # "login": an open staff assignment to the mentor login; "other": to a mentor without
    # a login (the ticket then waits in the route's queue).
    mentor: str = ""
    sex: str = ""


@dataclass(frozen=True)
class Step:
    """Something done to the ticket `after` working days after it came in, at `at`.

    `do`: ack, progress, wait, resolve, close (state changes), reply, note, assign (to
    `by`, by the coordinator), submitter (a message from the status page), reopen (by the
    submitter, `text` their reason), rate (`rating` 1-5, `text` the comment)."""

    after: int
    at: str
    do: str
    by: str = OFFICER
    text: str = ""
    rating: int = 0


@dataclass(frozen=True)
class DemoTicket:
    kind: str
    channel: str
    ago: int  # submitted this many working days before today
    at: str  # at this time of day
    description: str
    name: str  # the submitter (for a registered returnee: used only if none fits `pick`)
    village: str = ""  # a village code (a registered returnee's own village instead)
    pick: Pick | None = None  # a registered returnee
    topic: str = ""
    contact: str = "phone"  # or email (then without a phone)
    entered_by: str = ""  # staff channels: who typed it in
    sensitive: bool | None = None  # None: the kind's default
    steps: tuple[Step, ...] = ()


S = Step
IN_PRACTICE = (Status.IN_PRACTICE, Status.IN_MENTORING)

# fmt: off
TICKETS: tuple[DemoTicket, ...] = (
    DemoTicket(
        Kind.HELP, Channel.WEB, 24, "20:15", topic=HelpTopic.CAPITAL,
        name="Siti Aminah", village="35.02.01.2006",
        pick=Pick(IN_PRACTICE, mentor="other", sex="P"),
        description=(
            "Saya ingin menambah modal warung sembako di depan rumah. Uang hasil kerja di "
            "luar negeri sudah habis untuk stok awal dan memperbaiki rumah, padahal pembeli "
            "makin banyak. Apakah ada pinjaman lunak atau bantuan modal untuk purna migran?"
        ),
        steps=(
            S(1, "08:40", "assign"),
            S(1, "09:10", "reply", text=(
                "Terima kasih, Ibu. Permintaan Ibu sudah kami terima. Petugas kami akan "
                "menghubungi Ibu minggu ini untuk melihat catatan usaha warung.")),
            S(2, "13:00", "note", text=(
                "Sudah dikunjungi. Warung berjalan beberapa bulan, buku kas rapi. Layak "
                "diajukan KUR mikro; perlu surat keterangan usaha dari desa.")),
            S(2, "13:05", "progress"),
            S(3, "10:00", "reply", text=(
                "Ibu bisa mengajukan KUR mikro ke bank. Mohon siapkan fotokopi KTP, KK dan "
                "surat keterangan usaha dari desa, lalu kabari kami jika sudah siap.")),
            S(3, "10:05", "wait"),
            S(7, "16:20", "submitter", text=(
                "Surat keterangan usaha dari desa sudah jadi. Kapan saya bisa ke bank?")),
            S(8, "09:30", "reply", text=(
                "Ibu bisa datang ke BRI unit kecamatan hari Selasa pukul 09.00. Petugas kami "
                "ikut mendampingi.")),
            S(12, "14:00", "note", text=(
                "KUR mikro Rp 10 juta disetujui untuk 12 bulan. Cara mencatat cicilan di buku "
                "kas sudah dijelaskan.")),
            S(12, "14:10", "resolve"),
            S(13, "19:45", "rate", rating=5, text="Terima kasih, dibantu sampai ke bank."),
        ),
    ),
    DemoTicket(
        Kind.COMPLAINT, Channel.WALK_IN, 10, "10:15", entered_by=OFFICER,
        name="Sri Handayani", village="35.02.11.2005",
        pick=Pick((Status.IN_TRAINING,), sex="P"),
        description=(
            "Ijazah dan akta kelahiran asli saya masih ditahan P3MI (perusahaan penempatan) "
            "di Madiun sejak saya pulang dari Taiwan delapan bulan lalu. Mereka minta uang "
            "Rp 2,5 juta untuk mengembalikannya. Saya ingin dokumen saya kembali tanpa "
            "membayar."
        ),
        steps=(
            S(0, "10:40", "note", text=(
                "Datang diantar suami. Fotokopi perjanjian kerja dan kuitansi biaya penempatan "
                "kami simpan di map pengaduan.")),
            S(1, "09:00", "ack", by=COORDINATOR),
            S(1, "09:05", "reply", by=COORDINATOR, text=(
                "Ibu tidak wajib membayar untuk mendapatkan kembali dokumen pribadi Ibu. "
                "Disnaker akan menyurati P3MI tersebut dan melaporkannya ke BP3MI Jawa Timur.")),
            S(2, "11:00", "progress", by=COORDINATOR),
            S(4, "15:30", "note", by=COORDINATOR, text=(
                "Surat Disnaker ke P3MI sudah dikirim, tembusan ke BP3MI Jawa Timur. Jadwal "
                "mediasi menunggu jawaban perusahaan.")),
        ),
    ),
    DemoTicket(
        Kind.ABUSE, Channel.WEB, 18, "21:30", name="Dwi Astutik", village="35.02.04.2001",
        description=(
            "Ada orang yang mengaku sponsor menawarkan kerja di pabrik di Jepang lewat "
            "Facebook. Ia minta uang Rp 15 juta untuk biaya proses, katanya tanpa pelatihan "
            "dan tanpa perlu ke Disnaker. Tetangga saya sudah transfer. Saya takut ini "
            "penipuan."
        ),
        steps=(
            S(1, "08:20", "reply", by=COORDINATOR, text=(
                "Terima kasih sudah melapor. Penempatan kerja ke luar negeri yang resmi selalu "
                "lewat perusahaan berizin dan pendaftaran di Disnaker. Jangan mentransfer uang "
                "kepada perorangan. Kami akan memeriksa laporan ini.")),
            S(1, "08:30", "note", by=COORDINATOR, text=(
                "Nama akun dan nomor rekening dicatat. Tidak ada perusahaan penempatan atau "
                "lowongan resmi atas nama tersebut.")),
            S(2, "10:00", "progress", by=COORDINATOR),
            S(3, "14:00", "note", by=COORDINATOR, text=(
                "Dilaporkan ke BP3MI Jawa Timur. Tetangga pelapor disarankan membuat laporan "
                "polisi.")),
            S(6, "10:00", "reply", by=COORDINATOR, text=(
                "Laporan Ibu sudah kami teruskan ke BP3MI Jawa Timur. Tetangga Ibu bisa "
                "melapor ke Polres Ponorogo dan kami siap mendampingi. Lowongan kerja luar "
                "negeri yang resmi bisa ditanyakan ke Disnaker Ponorogo.")),
            S(6, "10:05", "resolve", by=COORDINATOR),
            S(8, "20:10", "rate", rating=4, text="Semoga tidak ada lagi yang tertipu."),
            S(13, "09:00", "close", by=COORDINATOR),
        ),
    ),
    # Told to her mentor at a visit, who types it in: marked sensitive.
    DemoTicket(
        Kind.CONSULTATION, Channel.MENTOR, 6, "15:30", entered_by=MENTOR_LOGIN, sensitive=True,
        name="Yuli Rahayu", village="35.02.17.1018", pick=Pick(mentor="login", sex="P"),
        description=(
            "Saat kunjungan, Ibu bercerita bahwa suaminya berutang untuk judi online. Tabungan "
            "hasil kerja di luar negeri hampir habis dan penagih mulai datang ke rumah. Ibu "
            "minta bantuan untuk bicara dengan suami dan mengatur utang, dan tidak ingin "
            "keluarga besar tahu."
        ),
        steps=(
            S(0, "15:40", "note", by=MENTOR_LOGIN, text=(
                "Ibu minta dihubungi hanya lewat HP-nya sendiri, tidak lewat telepon rumah.")),
            S(1, "09:00", "progress", by=MENTOR_LOGIN),
            S(1, "09:10", "reply", by=MENTOR_LOGIN, text=(
                "Ibu, terima kasih sudah mau bercerita. Ibu tidak sendirian. Kami bisa "
                "mengatur pertemuan dengan konselor keluarga, berdua dengan Ibu saja atau "
                "bersama suami.")),
            S(3, "16:00", "reply", by=MENTOR_LOGIN, text=(
                "Konselor bisa datang hari Kamis atau Sabtu pagi. Mohon kabari kami hari yang "
                "cocok untuk Ibu.")),
            S(3, "16:05", "wait", by=MENTOR_LOGIN),
        ),
    ),
    DemoTicket(
        Kind.HELP, Channel.PHONE, 1, "10:20", topic=HelpTopic.SCHOOL, entered_by=OFFICER,
        name="Painem", village="35.02.11.2005",
        description=(
            "Cucu saya kelas 8 SMP tidak mau sekolah lagi karena belum punya seragam dan buku. "
            "Ibunya masih bekerja di Hong Kong dan sudah tiga bulan tidak mengirim uang. Saya "
            "ingin tahu apakah ada bantuan sekolah."
        ),
    ),
    # Resolved, but after its deadline (the reports' share resolved in time).
    DemoTicket(
        Kind.HELP, Channel.MESSAGE, 25, "07:50", topic=HelpTopic.HEALTH, entered_by=OFFICER,
        name="Umi Kusumawati", village="35.02.16.2006",
        pick=Pick((Status.IDENTIFIED,), sex="P"),
        description=(
            "Kartu BPJS Kesehatan saya tidak aktif lagi sejak saya berangkat ke luar negeri. "
            "Sekarang ibu saya harus kontrol rutin ke rumah sakit dan saya tidak tahu cara "
            "mengaktifkan kembali. (Pesan WhatsApp, disalin petugas.)"
        ),
        steps=(
            S(2, "09:50", "assign"),
            S(2, "10:00", "ack"),
            S(3, "09:00", "reply", text=(
                "Ibu bisa datang ke kantor BPJS Kesehatan Ponorogo membawa KTP dan KK. Kalau "
                "tunggakan iuran terlalu berat, Ibu bisa minta diusulkan sebagai peserta "
                "penerima bantuan iuran lewat desa.")),
            S(4, "10:00", "progress"),
            S(9, "11:00", "note", text=(
                "Tunggakan iuran 14 bulan. Desa sudah mengusulkan Ibu sebagai penerima bantuan "
                "iuran; menunggu keputusan Dinas Sosial.")),
            S(16, "13:30", "reply", text=(
                "Kepesertaan BPJS Kesehatan Ibu sudah aktif kembali sebagai penerima bantuan "
                "iuran. Ibu tidak perlu membayar iuran.")),
            S(16, "13:35", "resolve"),
            S(17, "08:00", "rate", rating=4, text="Agak lama, tapi akhirnya beres."),
        ),
    ),
    DemoTicket(
        Kind.HELP, Channel.WEB, 2, "12:05", topic=HelpTopic.LEGAL,
        name="Nanik Susanti", village="35.02.01.2020",
        description=(
            "Tanah yang saya beli dari gaji selama bekerja di Malaysia ternyata disertifikatkan "
            "atas nama kakak ipar saya. Sekarang ia tidak mau membalik nama. Apa yang bisa saya "
            "lakukan?"
        ),
        steps=(
            S(1, "09:30", "reply", text=(
                "Terima kasih, Ibu. Kami akan menanyakan ke layanan bantuan hukum Universitas "
                "Muhammadiyah Ponorogo lalu menghubungi Ibu. Mohon siapkan bukti transfer atau "
                "kuitansi pembelian tanah jika ada.")),
        ),
    ),
    DemoTicket(
        Kind.HELP, Channel.WEB, 8, "19:10", topic=HelpTopic.BUSINESS,
        name="Anik Wulandari", village="35.02.10.2006", pick=Pick(mentor="login", sex="P"),
        description=(
            "Usaha saya sudah berjalan dan ada toko oleh-oleh di kota yang mau menjual produk "
            "saya, tapi diminta NIB dan label kemasan. Bagaimana cara mengurusnya?"
        ),
        steps=(
            S(1, "10:00", "reply", by=MENTOR_LOGIN, text=(
                "Bisa, Ibu. NIB bisa diurus sendiri lewat OSS dengan HP dan gratis. Kita urus "
                "bersama saat kunjungan minggu depan; tolong siapkan KTP dan email yang aktif.")),
            S(1, "10:05", "progress", by=MENTOR_LOGIN),
            S(5, "14:00", "note", by=MENTOR_LOGIN, text=(
                "NIB sudah terbit saat kunjungan. Berikutnya desain label; minta bantuan "
                "mahasiswa desain UMPO.")),
        ),
    ),
    DemoTicket(
        Kind.HELP, Channel.WEB, 16, "13:40", topic=HelpTopic.OTHER,
        name="Tumini", village="35.02.11.2014",
        description=(
            "Saya ingin ikut pelatihan menjahit untuk purna migran. Apakah ada jadwal "
            "pelatihan di Kecamatan Balong atau sekitarnya?"
        ),
        steps=(
            S(1, "08:45", "assign"),
            S(1, "08:50", "reply", text=(
                "Terima kasih, Ibu. Paguyuban Purna Migran akan mengadakan pelatihan menjahit "
                "di Balong. Nama Ibu kami catat dan jadwalnya akan kami kabarkan.")),
            S(3, "13:00", "progress"),
            S(5, "10:00", "reply", text=(
                "Pelatihan menjahit dimulai Sabtu depan pukul 08.00 di balai desa Jalen. Ibu "
                "cukup membawa KTP; mesin jahit disediakan.")),
            S(5, "10:05", "resolve"),
            S(12, "09:00", "close"),
        ),
    ),
    DemoTicket(
        Kind.COMPLAINT, Channel.WEB, 21, "09:25", name="Rini Purwanti", village="35.02.13.2002",
        pick=Pick((Status.IDENTIFIED,), sex="P"),
        description=(
            "Sudah dua bulan saya mendaftar pelatihan kewirausahaan, tapi belum ada kabar "
            "kapan mulai. Teman satu desa sudah dipanggil."
        ),
        steps=(
            S(2, "11:00", "reply", by=COORDINATOR, text=(
                "Mohon maaf atas kabar yang terlambat. Kami akan memeriksa daftar peserta dan "
                "menghubungi Ibu.")),
            S(3, "10:00", "progress", by=COORDINATOR),
            S(4, "14:00", "note", by=COORDINATOR, text=(
                "Belum masuk angkatan karena kelas terdekat sudah penuh. Dimasukkan ke daftar "
                "angkatan berikutnya di Ponorogo.")),
            S(5, "09:00", "reply", by=COORDINATOR, text=(
                "Ibu sudah kami masukkan ke angkatan berikutnya di Ponorogo. Undangan dan "
                "jadwalnya akan dikirim lewat SMS.")),
            S(5, "09:05", "resolve", by=COORDINATOR),
            S(7, "18:30", "rate", rating=3, text=(
                "Jawabannya jelas, tapi seharusnya dikabari sejak awal.")),
        ),
    ),
    # Late: past its resolution deadline (escalated to the coordinators).
    DemoTicket(
        Kind.COMPLAINT, Channel.PHONE, 20, "11:30", entered_by=COORDINATOR,
        name="Sukirno", village="35.02.07.2006",
        description=(
            "Gaji tiga bulan terakhir saya di perkebunan sawit Malaysia belum dibayar majikan. "
            "Agensi di sana tidak menjawab, dan P3MI yang memberangkatkan saya bilang itu bukan "
            "urusan mereka."
        ),
        steps=(
            S(1, "10:00", "ack", by=COORDINATOR),
            S(1, "10:05", "reply", by=COORDINATOR, text=(
                "Bapak, P3MI yang memberangkatkan tetap wajib membantu. Kami akan meneruskan "
                "ke BP3MI Jawa Timur. Mohon kirimkan foto perjanjian kerja dan slip gaji "
                "terakhir jika ada.")),
            S(2, "09:00", "wait", by=COORDINATOR),
            S(6, "17:00", "submitter", text=(
                "Perjanjian kerja sudah saya foto, tapi slip gaji tidak pernah diberi.")),
            S(7, "10:00", "note", by=COORDINATOR, text=(
                "Berkas diteruskan ke BP3MI Jawa Timur; menunggu jawaban dari perwakilan RI di "
                "Kuala Lumpur.")),
        ),
    ),
    # Late: nobody acknowledged it in time (escalated to the coordinators). In the area of
    # the field officer `petugas`, so her queue has a late ticket too.
    DemoTicket(
        Kind.HELP, Channel.WEB, 4, "22:05", topic=HelpTopic.BUSINESS,
        name="Eko Santoso", village="35.02.18.2012",
        description=(
            "Saya dan istri baru pulang dari Korea Selatan. Kami ingin beternak kambing dan "
            "punya sedikit tabungan. Apakah ada pendampingan atau pelatihan untuk memulai usaha "
            "ternak?"
        ),
    ),
    DemoTicket(
        Kind.ABUSE, Channel.PHONE, 7, "14:00", entered_by=COORDINATOR,
        name="Rina Wulandari", village="35.02.18.1001",
        description=(
            "Penagih pinjaman online menelepon dan mengirim pesan ancaman setiap hari, juga ke "
            "saudara dan tetangga, karena cicilan saya telat. Mereka menyebarkan foto KTP saya. "
            "Saya takut dan malu keluar rumah."
        ),
        steps=(
            # Sensitive: the district's officer sees it only once it is hers.
            S(0, "14:10", "assign"),
            S(1, "09:00", "reply", text=(
                "Ibu, yang dilakukan penagih itu melanggar hukum. Jangan membayar lewat "
                "penagih yang mengancam, dan simpan semua tangkapan layar pesannya. Kami akan "
                "membantu Ibu melapor ke OJK dan polisi.")),
            S(1, "09:05", "progress"),
            S(2, "13:00", "note", text=(
                "Aplikasinya tidak terdaftar di OJK. Pengaduan ke OJK sudah dibuat bersama "
                "Ibu; ke Polres hari Senin.")),
        ),
    ),
    # Sent without a village: the route for everywhere takes it.
    DemoTicket(
        Kind.CONSULTATION, Channel.WEB, 3, "23:10", contact="email", name="Yuli Handayani",
        description=(
            "Sejak pulang dari Hong Kong saya merasa asing di rumah sendiri. Anak-anak lebih "
            "dekat dengan neneknya dan suami jarang mengajak bicara. Saya sering menangis "
            "sendiri dan tidak tahu harus cerita ke siapa."
        ),
        steps=(
            S(1, "08:30", "reply", by=COORDINATOR, text=(
                "Terima kasih sudah mau bercerita, Ibu. Perasaan seperti ini sering dialami "
                "teman-teman yang baru pulang, dan bisa dibicarakan. Konselor kami bisa "
                "menelepon Ibu; mohon tuliskan nomor HP dan waktu yang nyaman.")),
            S(1, "08:35", "wait", by=COORDINATOR),
        ),
    ),
    # Resolved, then reopened by the submitter from the status page.
    DemoTicket(
        Kind.HELP, Channel.WEB, 14, "16:45", topic=HelpTopic.SCHOOL, name="Dewi Suryani",
        village="35.02.15.2004", pick=Pick((Status.IN_TRAINING,), sex="P"),
        description=(
            "Anak saya diterima di SMK negeri, tapi saya belum punya uang untuk daftar ulang "
            "dan seragam. Apakah ada beasiswa untuk anak purna migran?"
        ),
        steps=(
            S(1, "08:55", "assign"),
            S(1, "09:00", "reply", text=(
                "Ibu, anak Ibu bisa mendapat Program Indonesia Pintar (PIP) lewat sekolah. "
                "Kami akan menanyakan ke sekolah soal keringanan biaya daftar ulang.")),
            S(2, "10:00", "progress"),
            S(4, "11:30", "reply", text=(
                "Sekolah setuju biaya daftar ulang dicicil tiga kali, dan anak Ibu diusulkan "
                "sebagai penerima PIP. Ibu bisa datang ke sekolah membawa KK.")),
            S(4, "11:35", "resolve"),
            S(9, "19:20", "reopen", text=(
                "Sekolah bilang PIP anak saya belum bisa cair karena nama di KK dan di sekolah "
                "berbeda satu huruf. Bagaimana ini?")),
            S(10, "09:15", "reply", text=(
                "Perbedaan nama bisa dibetulkan di Dukcapil dengan membawa akta kelahiran dan "
                "KK. Kami bantu buatkan surat pengantar dari desa.")),
        ),
    ),
    DemoTicket(
        Kind.COMPLAINT, Channel.WEB, 2, "08:10", name="Puji Lestari", village="35.02.16.2014",
        description=(
            "Perangkat desa minta uang Rp 200 ribu untuk tanda tangan surat keterangan usaha "
            "yang saya perlukan untuk pinjaman bank."
        ),
        steps=(
            S(1, "13:00", "ack", by=COORDINATOR),
            S(1, "13:05", "note", by=COORDINATOR, text=(
                "Perlu dicek bersama camat. Nama pelapor jangan disebut ke desa.")),
        ),
    ),
    # The same person minutes later (the form seemed to hang): closed as a duplicate.
    DemoTicket(
        Kind.COMPLAINT, Channel.WEB, 2, "08:22", name="Puji Lestari", village="35.02.16.2014",
        description=(
            "Perangkat desa minta uang untuk tanda tangan surat keterangan usaha. Saya kirim "
            "lagi karena tadi layarnya macet."
        ),
        steps=(
            S(1, "12:55", "note", by=COORDINATOR, text=(
                "Terkirim dua kali dari nomor yang sama; ditangani di permintaan yang pertama.")),
            S(1, "12:56", "close", by=COORDINATOR),
        ),
    ),
    DemoTicket(
        Kind.HELP, Channel.PHONE, 15, "13:15", topic=HelpTopic.CAPITAL, entered_by=COORDINATOR,
        name="Heru Wibowo", village="35.02.07.2016", pick=Pick((Status.INDEPENDENT,)),
        description=(
            "Usaha kami sudah berjalan dua tahun dan sekarang mandiri. Kami ingin menambah "
            "peralatan agar bisa menerima pesanan lebih banyak. Apakah ada hibah alat usaha "
            "dari pemerintah daerah?"
        ),
        steps=(
            S(1, "09:40", "ack", by=COORDINATOR),
            S(2, "10:30", "progress", by=COORDINATOR),
            S(4, "15:00", "note", by=COORDINATOR, text=(
                "Disnaker membuka usulan bantuan alat usaha untuk tahun depan; keluarga ini "
                "memenuhi syarat (usaha berjalan, NIB ada).")),
            S(9, "10:00", "reply", by=COORDINATOR, text=(
                "Keluarga Anda sudah kami usulkan sebagai penerima bantuan alat usaha dari "
                "Disnaker tahun depan. Pengumumannya akan kami sampaikan.")),
            S(9, "10:05", "resolve", by=COORDINATOR),
            S(10, "12:00", "rate", rating=5, text="Terima kasih, cepat ditanggapi."),
        ),
    ),
    DemoTicket(
        Kind.COMPLAINT, Channel.MESSAGE, 5, "09:00", entered_by=OFFICER,
        name="Sulastri", village="35.02.12.2016",
        description=(
            "Bantuan alat usaha (etalase dan kompor) yang dijanjikan saat pelatihan bulan lalu "
            "belum saya terima, padahal teman lain sudah. (SMS, disalin petugas.)"
        ),
        steps=(
            S(1, "09:55", "assign"),
            S(1, "10:00", "reply", text=(
                "Terima kasih, Ibu. Bantuan itu dibagikan lewat kelompok usaha. Mohon kabari "
                "nama kelompok dan ketuanya agar bisa kami cek.")),
            S(1, "10:05", "wait"),
        ),
    ),
    DemoTicket(
        Kind.HELP, Channel.WEB, 2, "20:40", topic=HelpTopic.OTHER, name="Wiwik Sundari",
        village="35.02.10.2001", pick=Pick((Status.IN_TRAINING,)),
        description=(
            "Saya ingin ikut paguyuban purna migran di kecamatan saya supaya bisa belajar dari "
            "teman-teman yang sudah punya usaha. Bagaimana caranya?"
        ),
        steps=(S(1, "11:00", "ack"),),
    ),
    DemoTicket(
        Kind.CONSULTATION, Channel.WALK_IN, 19, "10:00", entered_by=OFFICER,
        name="Erna Setyowati", village="35.02.09.2001",
        pick=Pick(IN_PRACTICE, mentor="other", sex="P"),
        description=(
            "Anak saya yang SMP tidak mau bicara dengan saya sejak saya pulang. Ia lebih dekat "
            "dengan neneknya dan sering marah kalau saya menasihati. Saya bingung harus "
            "bagaimana."
        ),
        steps=(
            S(0, "10:25", "assign"),
            S(0, "10:30", "progress"),
            S(0, "10:35", "note", text=(
                "Diatur pertemuan dengan konselor keluarga LSM Bina Purna; nenek ikut diajak.")),
            S(3, "14:00", "reply", text=(
                "Ibu, pertemuan dengan konselor keluarga dijadwalkan Sabtu pukul 09.00 di "
                "rumah Ibu. Nenek juga diajak supaya bisa bicara bersama.")),
            S(8, "16:00", "reply", text=(
                "Terima kasih sudah mengikuti dua pertemuan. Kalau Ibu masih perlu bicara, "
                "hubungi kami kapan saja.")),
            S(8, "16:05", "resolve"),
            S(9, "20:00", "rate", rating=5, text=(
                "Pertemuan dengan konselor sangat membantu. Anak saya mulai mau bercerita.")),
        ),
    ),
    DemoTicket(
        Kind.ABUSE, Channel.WEB, 1, "21:50", name="Titik Rahmawati", village="35.02.15.2011",
        description=(
            "Ada calo di desa kami yang mengumpulkan KTP dan KK warga dengan janji kerja di "
            "Polandia. Katanya biaya bisa dipotong gaji nanti, tanpa perlu ke Disnaker."
        ),
    ),
)
# fmt: on


@dataclass
class HelpdeskResult:
    routes: int = 0  # routes created now
    tickets: int = 0  # tickets created now
    tickets_skipped: int = 0  # already there (matched by description)
    messages: int = 0  # replies, notes and submitters' messages written now
    escalated: int = 0  # overdue tickets escalated now

    @property
    def changed(self) -> bool:
        return bool(self.routes or self.tickets)


def helpdesk_load(
    *, niks: Collection[str] | None = None, today: date | None = None
) -> HelpdeskResult:
    """Routes, then the demo tickets not there yet, then the escalation of overdue tickets
    (as the daily job would). `niks`: the demo returnees (by default the demo's plan)."""
    today = today or timezone.localdate()
    result = HelpdeskResult()
    result.routes = routes_ensure()
    existing = set(
        Ticket.objects.filter(description__in=[t.description for t in TICKETS]).values_list(
            "description", flat=True
        )
    )
    todo = [t for t in TICKETS if t.description not in existing]
    result.tickets_skipped = len(TICKETS) - len(todo)
    if not todo:
        return result
    if niks is None:
        niks = [plan.nik for plan in demo_plan()]
    holidays = holidays_for(today - timedelta(days=120), today + timedelta(days=30))
    staff = _Staff()
    people = _People(niks)
    villages = Village.objects.select_related("district").in_bulk(
        [t.village for t in todo if t.village]
    )
    for spec in todo:
        person = people.pick(spec.pick)
        village = person.village if person else villages.get(spec.village)
        ticket = _open(spec, person, village, staff, today, holidays)
        for step in spec.steps:
            day = add_working_days(_submitted_on(spec, today, holidays), step.after, holidays)
            result.messages += _run(ticket, step, day, staff, village)
        result.tickets += 1
    result.escalated = tickets_escalate(today=today)
    return result


def routes_ensure() -> int:
    """ROUTES by kind and area; one that exists (whatever its institution) is left alone."""
    institutions = {i.name: i for i in Institution.objects.filter(name__in=[r[2] for r in ROUTES])}
    created = 0
    for kind, area, institution, to_mentor in ROUTES:
        if institution not in institutions:
            continue
        created += Route.objects.get_or_create(
            kind=kind,
            area=area,
            defaults={"institution": institutions[institution], "to_mentor": to_mentor},
        )[1]
    return created


def demo_tickets():
    """The demo's tickets in the database (matched by description)."""
    return Ticket.objects.filter(description__in=[t.description for t in TICKETS])


def ticket_counts(today: date | None = None) -> dict:
    """What the load-demo summary says about the demo tickets: counts only."""
    today = today or timezone.localdate()
    rows = list(
        demo_tickets().values_list(
            "state", "kind", "sensitive", "acknowledge_by", "resolve_by", "reopened",
            "satisfaction",
        )
    )  # fmt: skip
    overdue = [r for r in rows if rules.overdue(r[0], r[3], r[4], today)]
    return {
        "tickets": len(rows),
        "states": Counter(r[0] for r in rows),
        "kinds": Counter(r[1] for r in rows),
        "sensitive": sum(r[2] for r in rows),
        "overdue": len(overdue),
        "reopened": sum(r[5] > 0 for r in rows),
        "rated": sum(r[6] is not None for r in rows),
        "messages": Message.objects.filter(ticket__in=demo_tickets()).count(),
    }


# --- Who -----------------------------------------------------------------------------------


class _Staff:
    """The demo logins who work the tickets, and the field officer of each district."""

    def __init__(self) -> None:
        names = {COORDINATOR, MENTOR_LOGIN} | {
            spec.username for spec in USERS if spec.districts and not spec.peer
        }
        self.users = {
            u.username: u
            for u in User.objects.filter(username__in=names).prefetch_related(
                "regencies", "districts"
            )
        }
        self.officers = {
            district: spec.username
            for spec in USERS
            if spec.districts and not spec.peer
            for district in spec.districts
        }

    def user(self, who: str, village: Village | None) -> User | None:
        if who == OFFICER:
            who = self.officers.get(village.district_id, COORDINATOR) if village else COORDINATOR
        return self.users.get(who) or self.users.get(COORDINATOR)


class _People:
    """The demo returnees who submit tickets, each picked once."""

    def __init__(self, niks: Collection[str]) -> None:
        self.niks = list(niks)
        self.used: set[int] = set()

    def pick(self, pick: Pick | None) -> Person | None:
        if pick is None:
            return None
        people = Person.objects.filter(nik__in=self.niks, withdrawn_on__isnull=True).exclude(
            pk__in=self.used
        )
        if pick.statuses:
            people = people.filter(status__in=pick.statuses)
        if pick.sex:
            people = people.filter(sex=pick.sex)
        if pick.mentor:
            people = people.filter(
                mentor_assignments__ended_on__isnull=True,
                mentor_assignments__kind=MentorKind.STAFF,
            )
            if pick.mentor == "login":
                people = people.filter(mentor_assignments__mentor__user__username=MENTOR_LOGIN)
            else:
                people = people.filter(mentor_assignments__mentor__user__isnull=True)
        # A phone: the tracking code is sent there, and the web form needs a contact.
        candidates = people.exclude(phone="").select_related("village__district").distinct()
        person = min(candidates, key=lambda p: _rng(p.nik).random(), default=None)
        if person:
            self.used.add(person.pk)
        return person


def _rng(key: str) -> random.Random:
    return random.Random(f"{SEED}:helpdesk:{key}")


def _contact(spec: DemoTicket, person: Person | None) -> dict[str, str]:
    if person:
        return {"phone": person.phone}
    if spec.contact == "email":
        return {"email": f"{spec.name.lower().replace(' ', '.')}@example.com"}
    # Drawn from the name and village: the same person has the same number.
    rng = _rng(f"phone:{spec.name}:{spec.village}")
    digits = "".join(str(rng.randint(0, 9)) for _ in range(8))
    return {"phone": rng.choice(PHONE_PREFIXES) + digits}


def _source(spec: DemoTicket) -> str:
    """A fake client address (RFC 5737 documentation range), the same for the same person."""
    return f"203.0.113.{_rng(f'source:{spec.name}:{spec.village}').randint(1, 254)}"


# --- When ----------------------------------------------------------------------------------


def _working_days_back(today: date, n: int, holidays: Collection[date]) -> date:
    """The n-th working day before today (n >= 1)."""
    day = today
    while n:
        day -= timedelta(days=1)
        if is_working_day(day, holidays):
            n -= 1
    return day


def _submitted_on(spec: DemoTicket, today: date, holidays: Collection[date]) -> date:
    return _working_days_back(today, spec.ago, holidays)


def _at(day: date, hhmm: str) -> datetime:
    return timezone.make_aware(datetime.combine(day, time.fromisoformat(hhmm)))


# --- Writing -------------------------------------------------------------------------------


def _open(
    spec: DemoTicket,
    person: Person | None,
    village: Village | None,
    staff: _Staff,
    today: date,
    holidays: Collection[date],
) -> Ticket:
    day = _submitted_on(spec, today, holidays)
    at = _at(day, spec.at)
    fields = {
        "kind": spec.kind,
        "description": spec.description,
        "name": person.full_name if person else spec.name,
        "nik": person.nik if person else "",
        "topic": spec.topic,
        "village": village,
        **_contact(spec, person),
    }
    if spec.channel == Channel.WEB:
        # The public form: the NIK routes to the family's mentor, but only staff link the
        # ticket to the person.
        return ticket_submit(**fields, source=_source(spec), today=day, now=at)
    return ticket_create(
        actor=staff.user(spec.entered_by, village),
        channel=spec.channel,
        person=person,
        sensitive=spec.sensitive,
        now=at,
        **fields,
    )


def _run(ticket: Ticket, step: Step, day: date, staff: _Staff, village: Village | None) -> int:
    """One step through its service, at the scripted time (the services take `now`, and
    the day from it). Returns the number of messages written."""
    at = _at(day, step.at)
    actor = staff.user(step.by, village)
    states = {
        "ack": State.ACKNOWLEDGED,
        "progress": State.IN_PROGRESS,
        "wait": State.WAITING,
        "resolve": State.RESOLVED,
        "close": State.CLOSED,
    }
    if step.do in states:
        ticket_transition(actor=actor, ticket=ticket, state=states[step.do], now=at)
    elif step.do == "reply":
        ticket_reply(actor=actor, ticket=ticket, body=step.text, now=at)
        return 1
    elif step.do == "note":
        ticket_note(actor=actor, ticket=ticket, body=step.text, now=at)
        return 1
    elif step.do == "submitter":
        ticket_submitter_message(ticket=ticket, body=step.text, now=at)
        return 1
    elif step.do == "reopen":
        # The submitter's reason is a message too.
        ticket_reopen(ticket=ticket, actor=None, reason=step.text, now=at)
        return 1
    elif step.do == "rate":
        ticket_rate(ticket=ticket, satisfaction=step.rating, comment=step.text)
    elif step.do == "assign":
        current = Ticket.objects.select_related("institution").get(pk=ticket.pk)
        ticket_assign(
            actor=staff.user(COORDINATOR, village),
            ticket=current,
            assignee=actor,
            institution=current.institution,
        )
    else:
        raise ValueError(f"unknown step {step.do!r}")
    return 0


def script_problems(tickets: Sequence[DemoTicket] = TICKETS) -> list[str]:
    """Steps dated today or later, or out of order; descriptions used twice (they are the
    tickets' key). Empty when the script is sound."""
    problems = []
    descriptions = Counter(t.description for t in tickets)
    problems += [f"{d[:30]}: twice" for d, n in descriptions.items() if n > 1]
    for t in tickets:
        times = [(0, t.at)] + [(s.after, s.at) for s in t.steps]
        if times != sorted(times):
            problems.append(f"{t.description[:30]}: steps out of order")
        if any(s.after >= t.ago for s in t.steps):
            problems.append(f"{t.description[:30]}: a step on or after today")
    return problems
