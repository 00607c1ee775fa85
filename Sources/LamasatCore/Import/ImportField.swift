/// One column a list may hold, with the header words that name it.
public enum ImportField: String, CaseIterable, Codable, Sendable {
    case nationalID, fullName, nameFirst, nameFather, nameGrandfather, nameFamily, birthDate, mobile, iban, nationality
    case city, district, street, building, postalCode, category, branch
    case motherNationalID, relation, sex
    case supportType, day, amount, quantity, description
    case donorKind, identifier, email, contactPerson, consent
    case donor, method, reference, designation, fund
    case skills

    public var localizationKey: String { "import.field.\(rawValue)" }

    /// Header words that name this field, compared after `HeaderMatcher.normalized`.
    var synonyms: [String] {
        switch self {
        case .nationalID: ["رقم الهوية", "الهوية", "رقم الهوية الوطنية", "السجل المدني", "رقم السجل المدني", "رقم الاقامة", "هوية", "هوية المستفيدة",
                           "رقم هوية المستفيدة", "national id", "id number", "nationalid", "id"]
        case .fullName: ["الاسم", "الاسم الرباعي", "الاسم الكامل", "اسم المستفيدة", "الاسم الثلاثي", "اسم المتبرع", "اسم الجهة", "اسم المتطوعة",
                         "اسم المتطوع", "name", "full name", "fullname"]
        case .nameFirst: ["الاسم الاول", "first name", "first"]
        case .nameFather: ["اسم الاب", "father name", "father"]
        case .nameGrandfather: ["اسم الجد", "grandfather name", "grandfather"]
        case .nameFamily: ["اسم العائلة", "العائلة", "القبيلة", "family name", "family", "surname", "last name"]
        case .birthDate: ["تاريخ الميلاد", "الميلاد", "birth date", "date of birth", "dob", "birthdate"]
        case .mobile: ["الجوال", "رقم الجوال", "الهاتف", "رقم الهاتف", "جوال", "mobile", "phone", "mobile number"]
        case .iban: ["الايبان", "رقم الايبان", "الحساب البنكي", "رقم الحساب", "iban", "bank account"]
        case .nationality: ["الجنسية", "nationality"]
        case .city: ["المدينة", "city"]
        case .district: ["الحي", "الاحياء", "district", "districts"]
        case .street: ["الشارع", "street"]
        case .building: ["رقم المبنى", "المبنى", "building", "building number"]
        case .postalCode: ["الرمز البريدي", "postal code", "zip"]
        case .category: ["الفئة", "الحالة الاجتماعية", "التصنيف", "category"]
        case .branch: ["الفرع", "رمز الفرع", "branch", "branch code"]
        case .motherNationalID: ["هوية الام", "رقم هوية الام", "هوية المستفيدة", "رقم هوية المستفيدة", "mother id", "mother national id", "beneficiary id"]
        case .relation: ["صلة القرابة", "القرابة", "الصلة", "relation", "relationship"]
        case .sex: ["الجنس", "النوع", "sex", "gender"]
        case .supportType: ["نوع الدعم", "نوع المساعده", "الخدمه", "نوع الخدمه", "المساعده", "support type", "service", "aid type"]
        case .day: ["التاريخ", "تاريخ الصرف", "تاريخ التسليم", "تاريخ التبرع", "تاريخ الاستلام", "date", "delivered on", "received on"]
        case .amount: ["المبلغ", "القيمه", "المبلغ بالريال", "amount", "value"]
        case .quantity: ["الكميه", "العدد", "quantity", "qty"]
        case .description: ["الوصف", "البيان", "ملاحظات", "ملاحظه", "description", "note", "notes"]
        case .donorKind: ["نوع المتبرع", "فرد او جهه", "donor type", "donor kind"]
        case .identifier: ["رقم الهويه او السجل", "السجل التجاري", "هويه المتبرع", "رقم السجل التجاري", "identifier", "cr number"]
        case .email: ["البريد", "البريد الالكتروني", "الايميل", "email", "e-mail"]
        case .contactPerson: ["الشخص المسؤول", "مسؤول التواصل", "contact person", "contact"]
        case .consent: ["يوافق على التواصل", "الموافقه على التواصل", "موافقه التواصل", "consent", "consents to contact"]
        case .donor: ["المتبرع", "رقم المتبرع", "جوال المتبرع", "هويه او جوال المتبرع", "donor", "donor id", "donor number"]
        case .method: ["طريقه الدفع", "طريقه التبرع", "الوسيله", "method", "payment method"]
        case .reference: ["المرجع", "رقم المرجع", "رقم العمليه", "reference", "ref"]
        case .designation: ["نوع التبرع", "التخصيص", "designation"]
        case .fund: ["الصندوق", "fund"]
        case .skills: ["المهارات", "skills"]
        }
    }
}
