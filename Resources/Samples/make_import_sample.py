#!/usr/bin/env python3
"""Writes lamasat-import-sample.xlsx: invented beneficiaries (500 files) with their families, as an association's
existing Excel list might hold them, with a few bad rows of each kind for the import's report to find.
Run: python3 Resources/Samples/make_import_sample.py   (openpyxl, from PyPI, installed by scripts/install-test-deps)."""
import datetime
import os
import random

from openpyxl import Workbook

random.seed(19)
FIRST = ["سارة", "نورة", "هيفاء", "منيرة", "لطيفة", "عائشة", "مريم", "فاطمة", "ليلى", "أمل", "هند", "ريم", "جواهر", "حصة", "شيماء"]
MEN = ["محمد", "عبد الله", "سعد", "فهد", "خالد", "عبد الرحمن", "ناصر", "علي", "إبراهيم", "سليمان", "تركي", "ماجد"]
FAMILY = ["الحربي", "القحطاني", "العتيبي", "الشهري", "الغامدي", "الدوسري", "الزهراني", "المطيري", "آل سعود", "العنزي"]
CITIES = ["الرياض", "جدة", "مكة المكرمة", "الدمام", "المدينة المنورة", "أبها"]
INDIC = str.maketrans("0123456789", "٠١٢٣٤٥٦٧٨٩")


def national_id(body, kind="1"):
    payload = kind + str(body % 100_000_000).zfill(8)
    total = 0
    for offset, ch in enumerate(reversed(payload)):
        digit = int(ch)
        if offset % 2 == 0:
            digit *= 2
            if digit > 9:
                digit -= 9
        total += digit
    return payload + str((10 - total % 10) % 10)


def other_kinds(wb, ids):
    """Past aid of the files above, donors and their gifts, and volunteers: each sheet imported as its own kind."""
    aid = wb.create_sheet("المساعدات السابقة")
    aid.append(["هوية المستفيدة", "نوع الدعم", "تاريخ الصرف", "المبلغ", "الكمية", "البيان"])
    for n in range(0, 500, 2):
        if n % 4 == 0:
            aid.append([ids[n], "سلة غذائية", datetime.date(2025, 1 + n % 12, 1 + n % 28), "", 1, "سلة غذائية شهرية"])
        else:
            aid.append([ids[n], "مساعدة مالية", f"1446/{1 + n % 12:02d}/{1 + n % 28:02d}", str(500 + n % 5 * 250), "", "إعانة نقدية"])
    aid.append([ids[3], "سيارة", "2025-03-01", "", "", ""])  # unknown support type
    aid.append([national_id(73_000_001), "سلة غذائية", "2025-03-01", "", "", ""])  # no such file
    aid.append([ids[5], "دعم صحي", "2035-01-01", "", "", ""])  # in the future
    donors = wb.create_sheet("المتبرعون")
    donors.append(["اسم المتبرع", "نوع المتبرع", "رقم الهوية أو السجل", "الجوال", "الشخص المسؤول", "يوافق على التواصل"])
    givers = []
    for n in range(60):
        if n % 6 == 5:
            donors.append([f"مؤسسة {random.choice(FAMILY)} الخيرية {n}", "جهة", str(1010000000 + n), "", f"{random.choice(MEN)} {random.choice(FAMILY)}", "لا"])
            givers.append(str(1010000000 + n))
        else:
            mobile = "05" + str(40_000_000 + n * 17).zfill(8)
            donors.append([f"{random.choice(FIRST)} {random.choice(MEN)} {random.choice(FAMILY)}", "فرد", national_id(74_000_000 + n), mobile, "",
                           "نعم" if n % 2 else ""])
            givers.append(mobile)
    donors.append(["مؤسسة بلا مسؤول", "جهة", "1010999999", "", "", ""])  # an organization needs its contact person
    donors.append(["متبرع بلا هوية ولا جوال", "فرد", "", "", "", ""])  # nothing to find her by again
    donors.append(["جهة برقم خاطئ", "جهة", "12345", "", "سعد", ""])  # commercial registration of five digits
    gifts = wb.create_sheet("التبرعات")
    gifts.append(["المتبرع", "المبلغ", "تاريخ التبرع", "طريقة الدفع", "المرجع", "نوع التبرع", "الصندوق"])
    for n in range(150):
        designation, fund = [("زكاة", ""), ("صدقة", "صندوق الصدقات"), ("عام", "الصندوق العام")][n % 3]
        method, reference = [("تحويل بنكي", f"TRX-{n:05d}"), ("شبكة", f"POS-{n:05d}"), ("نقدًا", "")][n % 3]
        gifts.append([givers[n % len(givers)], str(100 * (1 + n % 20)), datetime.date(2025, 1 + n % 12, 1 + n % 28), method, reference, designation, fund])
    gifts.append(["0599999999", "300", "2025-05-01", "نقدًا", "", "زكاة", ""])  # no such donor
    gifts.append([givers[0], "300", "2025-05-01", "تحويل بنكي", "", "زكاة", ""])  # a transfer without its reference
    gifts.append([givers[0], "300", "2025-05-01", "نقدًا", "", "عام", ""])  # two funds take a general gift: name one
    volunteers = wb.create_sheet("المتطوعات")
    volunteers.append(["رقم الهوية", "الاسم الرباعي", "الجوال", "المدينة", "الأحياء", "المهارات", "الجنس"])
    for n in range(40):
        volunteers.append([national_id(75_000_000 + n), f"{random.choice(FIRST)} {random.choice(MEN)} {random.choice(MEN)} {random.choice(FAMILY)}",
                           "05" + str(50_000_000 + n * 19).zfill(8), random.choice(CITIES), "النسيم، الروضة",
                           ["قيادة، ترجمة", "تدريس", "تغليف، فعاليات", "تمريض"][n % 4], "أنثى"])
    volunteers.append([national_id(75_000_100), "ريم خالد سعد العتيبي", "0552000003", "الرياض", "", "طيران", ""])  # unknown skill
    volunteers.append([national_id(75_000_101), "منى خالد سعد العتيبي", "0552000004", "", "", "", ""])  # no city
    for sheet in (aid, donors, gifts, volunteers):
        sheet.sheet_view.rightToLeft = True
    return [aid, donors, gifts, volunteers]


def main():
    wb = Workbook()
    files = wb.active
    files.title = "الملفات"
    files.sheet_view.rightToLeft = True
    files.append(["رقم الهوية", "الاسم الرباعي", "تاريخ الميلاد", "الجوال", "المدينة", "الحي", "الآيبان"])
    members = wb.create_sheet("أفراد الأسر")
    members.sheet_view.rightToLeft = True
    members.append(["هوية الأم", "الاسم", "صلة القرابة", "تاريخ الميلاد", "الجنس"])
    ids = []
    for n in range(500):
        nid = national_id(71_000_000 + n * 7)
        ids.append(nid)
        name = f"{random.choice(FIRST)} {random.choice(MEN)} {random.choice(MEN)} {random.choice(FAMILY)}"
        if n % 3 == 0:
            birth = datetime.date(1970 + n % 30, 1 + n % 12, 1 + n % 28)  # a real date cell
        elif n % 3 == 1:
            birth = f"{1390 + n % 25}/{1 + n % 12:02d}/{1 + n % 28:02d}"  # Hijri, as text
        else:
            birth = f"{1 + n % 28:02d}/{1 + n % 12:02d}/{1975 + n % 25}".translate(INDIC)  # Arabic-Indic digits
        mobile = "05" + str(30_000_000 + n * 13).zfill(8)
        if n % 4 == 0:
            mobile = mobile.translate(INDIC)
        files.append([nid, name, birth, mobile, random.choice(CITIES), "حي النسيم", ""])
        for child in range(n % 4):
            relation = random.choice(["ابن", "ابنة"])
            members.append([nid, f"{random.choice(MEN if relation == 'ابن' else FIRST)} {random.choice(MEN)}", relation,
                            datetime.date(2005 + (n + child) % 18, 1 + child, 10), "ذكر" if relation == "ابن" else "أنثى"])
    # The bad rows the report must show, one of each kind.
    files.append(["1045789327", "سلوى محمد سعد الحربي", "1410/05/15", "0501234567", "الرياض", "", ""])  # check digit
    files.append([national_id(72_000_001), "وفاء محمد سعد الحربي", "1410/05/15", "0112345678", "الرياض", "", ""])  # landline
    files.append([ids[0], "هيفاء علي سعد الحربي", "1405/01/01", "0509999999", "الرياض", "", ""])  # ID already in the file
    files.append([national_id(72_000_002), "عبير محمد سعد الحربي", "غير معروف", "0508888888", "جدة", "", ""])  # unknown date
    files.append([national_id(72_000_003), "", "1410/05/15", "0507777777", "جدة", "", ""])  # empty name
    files.append([national_id(72_000_004), "رنا محمد سعد الحربي", "1410/05/15", "0506666666", "جدة", "", "SA12"])  # bad IBAN
    members.append(["1045789326", "فهد سعد", "ابن", "2012-01-01", "ذكر"])  # no such mother
    members.append([ids[1], "جود سعد", "جارة", "2012-01-01", "أنثى"])  # unknown relation
    members.append([ids[1], "", "ابنة", "2012-01-01", "أنثى"])  # empty name
    sheets = [files, members] + other_kinds(wb, ids)
    for sheet in sheets:
        for column in "ABCDEFG":
            sheet.column_dimensions[column].width = 22
        for row in sheet.iter_rows(min_row=2):
            for cell in row:
                if isinstance(cell.value, datetime.date):
                    cell.number_format = "yyyy-mm-dd"
    out = os.path.join(os.path.dirname(os.path.abspath(__file__)), "lamasat-import-sample.xlsx")
    wb.save(out)
    print(out)


if __name__ == "__main__":
    main()
