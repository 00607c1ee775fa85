/// What migrating an empty SQLite database inserts, as `SeedDump` writes it. Captured from the migrations as they
/// were before their seed rows were written out literally (issue 14); a difference means a landed migration now
/// inserts something else. A new migration that seeds rows adds its lines here, and nothing else should change.
enum SeedFixture {
    static let dump = #"""
api_tokens (0)
appointment_slots (0)
appointments (0)
audit_chain_head (1)
  id=1 | last_sequence=0 | last_hash='0000000000000000000000000000000000000000000000000000000000000000' | keyed_from=1 | keyed_tag=text
audit_entries (0)
beneficiaries (0)
beneficiary_categories (3)
  id=<id> | code='dependant' | name_ar='من ذويهم' | name_en='Dependant' | is_active=1 | sort_order=3
  id=<id> | code='divorced' | name_ar='مطلقة' | name_en='Divorced' | is_active=1 | sort_order=1
  id=<id> | code='widow' | name_ar='أرملة' | name_en='Widow' | is_active=1 | sort_order=2
board_packs (0)
branches (1)
  id=<id> | code='HQ' | name_ar='المركز الرئيسي' | name_en='Head office' | city='' | is_active=1 | created_at=real | updated_at=real
breach_incidents (0)
call_entries (0)
call_lists (0)
campaigns (0)
canned_replies (3)
  id=<id> | title='استلام الطلب' | body='أهلًا {name}، استلمنا طلبك رقم {tracking}، وتدرسه لجنة البحث وترد بالقبول أو الرفض، والموعد المتوقع للقرار {expected}.' | is_active=1 | updated_at=real
  id=<id> | title='المستندات الناقصة' | body='أهلًا {name}، لاستكمال طلبك رقم {tracking} نحتاج إلى المستندات الموضحة في رسالتنا، ويمكنك إحضارها إلى أقرب مكتب أو رفعها عبر البوابة.' | is_active=1 | updated_at=real
  id=<id> | title='موعد الزيارة' | body='أهلًا {name}، ستتواصل معك الباحثة الاجتماعية لتحديد موعد الزيارة المتعلقة بطلبك رقم {tracking}.' | is_active=1 | updated_at=real
case_categories (8)
  id=<id> | kind='complaint' | code='delay' | name_ar='تأخر الإجراءات' | name_en='Delays' | target_days=3 | is_active=1 | sort_order=6
  id=<id> | kind='complaint' | code='service_quality' | name_ar='جودة الخدمة' | name_en='Quality of service' | target_days=5 | is_active=1 | sort_order=5
  id=<id> | kind='complaint' | code='staff_conduct' | name_ar='تعامل الموظفين' | name_en='Staff conduct' | target_days=3 | is_active=1 | sort_order=7
  id=<id> | kind='complaint' | code='suggestion' | name_ar='اقتراح تطوير' | name_en='Improvement suggestion' | target_days=10 | is_active=1 | sort_order=8
  id=<id> | kind='inquiry' | code='general' | name_ar='استفسار عام' | name_en='General' | target_days=2 | is_active=1 | sort_order=4
  id=<id> | kind='inquiry' | code='registration' | name_ar='التسجيل والمستندات' | name_en='Registration and documents' | target_days=2 | is_active=1 | sort_order=3
  id=<id> | kind='inquiry' | code='request_status' | name_ar='حالة طلب' | name_en='A request''s status' | target_days=1 | is_active=1 | sort_order=2
  id=<id> | kind='inquiry' | code='services' | name_ar='الخدمات وشروطها' | name_en='Services and conditions' | target_days=1 | is_active=1 | sort_order=1
case_messages (0)
case_periods (1)
  id=1 | reopen_days=30 | appeal_days=30 | updated_by=NULL | updated_at=real
committee_agenda (0)
committee_meetings (0)
committee_members (0)
committee_votes (0)
complaint_events (0)
complaints (0)
consent_records (0)
contact_changes (0)
contacts (0)
counters (15)
  name='beneficiary_file' | value=0
  name='breach_incident' | value=0
  name='committee_meeting' | value=0
  name='complaint' | value=0
  name='donor' | value=0
  name='inquiry' | value=0
  name='letter_in' | value=0
  name='letter_out' | value=0
  name='outgoing_letter' | value=0
  name='payment_batch' | value=0
  name='receipt' | value=0
  name='rights_request' | value=0
  name='support_request' | value=0
  name='volunteer' | value=0
  name='volunteer_opportunity' | value=0
declaration_texts (1)
  id=<id> | version=1 | text_ar=<234 chars, sha256 d44ef38f860b6bcf> | text_en=<294 chars, sha256 5eea668096352a76> | created_by=NULL | created_at=real
document_contents (0)
document_types (8)
  id=<id> | code='custody_deed' | name_ar='صك الحضانة' | name_en='Custody deed' | has_expiry=0 | required_for='' | is_active=1 | sort_order=4
  id=<id> | code='death_certificate' | name_ar='شهادة وفاة الزوج' | name_en='Husband''s death certificate' | has_expiry=0 | required_for='widow' | is_active=1 | sort_order=3
  id=<id> | code='divorce_deed' | name_ar='صك الطلاق' | name_en='Divorce deed' | has_expiry=0 | required_for='divorced' | is_active=1 | sort_order=2
  id=<id> | code='iban_certificate' | name_ar='شهادة الآيبان' | name_en='IBAN certificate' | has_expiry=0 | required_for='' | is_active=1 | sort_order=7
  id=<id> | code='id_card' | name_ar='الهوية الوطنية / الإقامة' | name_en='National ID / iqama' | has_expiry=1 | required_for='*' | is_active=1 | sort_order=1
  id=<id> | code='income_certificate' | name_ar='تعريف بالراتب / الدخل' | name_en='Salary or income certificate' | has_expiry=1 | required_for='' | is_active=1 | sort_order=6
  id=<id> | code='lease_contract' | name_ar='عقد الإيجار' | name_en='Lease contract' | has_expiry=1 | required_for='' | is_active=1 | sort_order=5
  id=<id> | code='medical_report' | name_ar='تقرير طبي' | name_en='Medical report' | has_expiry=1 | required_for='' | is_active=1 | sort_order=8
documents (0)
donation_items (0)
donation_receipts (0)
donations (0)
donors (0)
duplicate_decisions (0)
family_members (0)
faq_entries (5)
  id=<id> | category='documents' | question_ar='ما المستندات المطلوبة للتسجيل؟' | answer_ar='الهوية الوطنية أو الإقامة، وصك الطلاق أو شهادة وفاة الزوج بحسب الحالة، وما يطلبه نوع الدعم مثل عقد الإيجار أو شهادة الآيبان، على أن تكون سارية.' | question_en='Which documents are needed to register?' | answer_en='The national ID or iqama, the divorce deed or the husband''s death certificate, and what the support type asks for such as a lease or an IBAN certificate, all valid.' | is_published=1 | is_misconception=0 | normalized=<382 chars, sha256 3ecf217a8e729f46> | updated_by=NULL | updated_at=real
  id=<id> | category='misconceptions' | question_ar='هل يؤثر تقييمي السلبي للخدمة على طلباتي؟' | answer_ar='لا. تقييم الخدمة حق لك، ويُستخدم لتحسين الخدمة فقط، ولا يطّلع عليه من يقررون في طلباتك.' | question_en='Will a bad rating of the service affect my requests?' | answer_en='No. Rating the service is your right; it is used only to improve, and those who decide your requests never see it.' | is_published=1 | is_misconception=1 | normalized=<296 chars, sha256 d2e12bf1b0721354> | updated_by=NULL | updated_at=real
  id=<id> | category='misconceptions' | question_ar='هل يعني التسجيل في الجمعية الحصول على دعم شهري ثابت؟' | answer_ar='لا. التسجيل يجعل الملف مكتملًا، وكل طلب دعم يُدرس على حدة بعد البحث الاجتماعي وقرار لجنة البحث.' | question_en='Does registering mean a fixed monthly support?' | answer_en='No. Registration completes the file; each support request is studied on its own after social research and the committee''s decision.' | is_published=1 | is_misconception=1 | normalized=<328 chars, sha256 7ada40fc1f136db8> | updated_by=NULL | updated_at=real
  id=<id> | category='requests' | question_ar='متى يصدر قرار طلب الدعم؟' | answer_ar='تدرس لجنة البحث الطلب وترد بالقبول أو الرفض في مدة لا تقل عن أسبوعين من تقديمه، ويصلك الموعد المتوقع في رسالة الاستلام.' | question_en='When is a support request decided?' | answer_en='The research committee studies the request and answers with acceptance or rejection in no less than two weeks; the expected date is in your acknowledgement message.' | is_published=1 | is_misconception=0 | normalized=<346 chars, sha256 b22a0ef855c4d6ae> | updated_by=NULL | updated_at=real
  id=<id> | category='services' | question_ar='هل يمكن أن تزورني الباحثة في منزلي؟' | answer_ar='نعم، تُجري الباحثة الاجتماعية زيارة منزلية أو مقابلة هاتفية أو مرئية لتخدمك من حيث أنت.' | question_en='Can the researcher visit me at home?' | answer_en='Yes, the social researcher makes a home visit, or a phone or video interview, to serve you where you are.' | is_published=1 | is_misconception=0 | normalized=<267 chars, sha256 254f1429300fe358> | updated_by=NULL | updated_at=real
file_merges (0)
fund_commitments (0)
funds (6)
  id=<id> | code='general' | name_ar='الصندوق العام' | name_en='General fund' | designation='general' | support_type_id=NULL | purpose='' | is_active=1 | sort_order=2 | created_at=real
  id=<id> | code='ramadan' | name_ar='سلال رمضان' | name_en='Ramadan baskets' | designation='restricted' | support_type_id=<support_types:'food_basket'> | purpose='سلال غذائية في رمضان' | is_active=1 | sort_order=5 | created_at=real
  id=<id> | code='rent' | name_ar='صندوق دعم الإيجار' | name_en='Rent support fund' | designation='restricted' | support_type_id=<support_types:'rent'> | purpose='سداد الإيجار المتأخر' | is_active=1 | sort_order=4 | created_at=real
  id=<id> | code='sadaqa' | name_ar='صندوق الصدقات' | name_en='Sadaqa fund' | designation='sadaqa' | support_type_id=NULL | purpose='' | is_active=1 | sort_order=3 | created_at=real
  id=<id> | code='school' | name_ar='العودة للمدارس' | name_en='Back to school' | designation='restricted' | support_type_id=<support_types:'education'> | purpose='احتياجات أبنائها المدرسية' | is_active=1 | sort_order=6 | created_at=real
  id=<id> | code='zakat' | name_ar='صندوق الزكاة' | name_en='Zakat fund' | designation='zakat' | support_type_id=NULL | purpose='' | is_active=1 | sort_order=1 | created_at=real
holidays (0)
import_mappings (0)
imports (0)
improvement_actions (0)
improvement_links (0)
inbound_messages (0)
inquiries (0)
jobs (0)
library_acknowledgements (0)
library_documents (5)
  id=<id> | code='bylaws' | title_ar='اللائحة الأساسية للجمعية' | title_en='The association''s basic bylaws' | is_required=1 | screens='intake,inquiries' | sort_order=1
  id=<id> | code='relations_policy' | title_ar='سياسة تنظيم العلاقة مع المستفيدين' | title_en='Policy on the relationship with beneficiaries' | is_required=1 | screens='inquiries,complaints' | sort_order=5
  id=<id> | code='request_form' | title_ar='نموذج طلب دعم مستفيد' | title_en='Beneficiary support request form' | is_required=0 | screens='intake' | sort_order=4
  id=<id> | code='research_guide' | title_ar='دليل خدمات البحث الاجتماعي' | title_en='Social research services guide' | is_required=1 | screens='research,verification' | sort_order=2
  id=<id> | code='support_policy_guide' | title_ar='دليل سياسة الدعم للمستفيدين' | title_en='Beneficiary support policy guide' | is_required=1 | screens='intake,committee' | sort_order=3
library_versions (5)
  id=<id> | document_id=<library_documents:'bylaws'> | version=1 | body_ar='' | body_en='' | file_id=NULL | approved_on='' | approved_by='' | created_by=NULL | created_at=real
  id=<id> | document_id=<library_documents:'relations_policy'> | version=1 | body_ar=<3670 chars, sha256 8a4a496aba9c416b> | body_en=<4860 chars, sha256 23658c8b95f8dea3> | file_id=NULL | approved_on='2025-09-07' | approved_by='مجلس الإدارة' | created_by=NULL | created_at=real
  id=<id> | document_id=<library_documents:'request_form'> | version=1 | body_ar='' | body_en='' | file_id=NULL | approved_on='' | approved_by='' | created_by=NULL | created_at=real
  id=<id> | document_id=<library_documents:'research_guide'> | version=1 | body_ar='' | body_en='' | file_id=NULL | approved_on='' | approved_by='' | created_by=NULL | created_at=real
  id=<id> | document_id=<library_documents:'support_policy_guide'> | version=1 | body_ar='' | body_en='' | file_id=NULL | approved_on='' | approved_by='' | created_by=NULL | created_at=real
message_preferences (0)
message_templates (9)
  id=<id> | code='appeal.accepted' | body_ar='جمعية لمسات: أهلًا {name}، قبلت لجنة البحث تظلمك في طلبك رقم {tracking} {amount}، وهذا قرار نهائي. سنتواصل معك لترتيب تقديم الخدمة. رقم الخطاب {letter}.' | body_en='Lamasat: Dear {name}, the research committee accepted your appeal on request {tracking} {amount}; this decision is final. We will contact you to arrange the service. Letter {letter}.' | updated_at=real
  id=<id> | code='appeal.refused' | body_ar='جمعية لمسات: أهلًا {name}، نظرت لجنة البحث في تظلمك في طلبك رقم {tracking} وأبقت قرار الرفض، وهذا قرار نهائي. السبب: {reason}. رقم الخطاب {letter}.' | body_en='Lamasat: Dear {name}, the research committee considered your appeal on request {tracking} and kept the rejection; this decision is final. Reason: {reason}. Letter {letter}.' | updated_at=real
  id=<id> | code='request.ack' | body_ar='جمعية لمسات: أهلًا {name}، استلمنا طلبك رقم {tracking}. تدرسه لجنة البحث وترد بالقبول أو الرفض، والموعد المتوقع للقرار {expected}.' | body_en='Lamasat: Dear {name}, we received your request {tracking}. The research committee studies it and answers with acceptance or rejection; the expected decision date is {expected}.' | updated_at=real
  id=<id> | code='request.approved' | body_ar='جمعية لمسات: وافقت لجنة البحث على طلبك رقم {tracking} {amount}. سنتواصل معك لترتيب تقديم الخدمة. رقم الخطاب {letter}.' | body_en='Lamasat: the research committee approved your request {tracking} {amount}. We will contact you to arrange the service. Letter {letter}.' | updated_at=real
  id=<id> | code='request.cancelled' | body_ar='جمعية لمسات: أهلًا {name}، أُلغي طلبك رقم {tracking} قبل إكمال تقديمه. السبب: {reason}. ما سُلّم لك قبل ذلك يبقى لك. للاستفسار تواصلي معنا.' | body_en='Lamasat: Dear {name}, your request {tracking} was cancelled before it was fully delivered. Reason: {reason}. What you received before stays yours. Contact us with any question.' | updated_at=real
  id=<id> | code='request.rejected' | body_ar='جمعية لمسات: نعتذر، لم توافق لجنة البحث على طلبك رقم {tracking}. السبب: {reason}. يمكنك مراجعتنا للاستفسار. رقم الخطاب {letter}.' | body_en='Lamasat: we regret that the research committee did not approve your request {tracking}. Reason: {reason}. You may contact us. Letter {letter}.' | updated_at=real
  id=<id> | code='request.reopened' | body_ar='جمعية لمسات: أهلًا {name}، أُعيد فتح طلبك رقم {tracking} ويُستكمل من حيث توقف.' | body_en='Lamasat: Dear {name}, your request {tracking} is reopened and continues where it stopped.' | updated_at=real
  id=<id> | code='request.return' | body_ar='جمعية لمسات: طلبك رقم {tracking} يحتاج إلى استكمال قبل دراسته. المطلوب: {missing}. ملاحظة: {note}' | body_en='Lamasat: your request {tracking} needs completing before it is studied. Needed: {missing}. Note: {note}' | updated_at=real
  id=<id> | code='survey.invite' | body_ar='جمعية لمسات: أهلًا {name}، تقييمك لخدمتنا ({tracking}) حق لك، ونستعمله لنتحسن لا لمحاسبة أحد. دقيقة واحدة: {link}' | body_en='Lamasat: Dear {name}, rating our service ({tracking}) is your right; we use it to improve, never to blame anyone. One minute: {link}' | updated_at=real
notification_preferences (0)
online_registrations (0)
organization_settings (1)
  id=1 | name_ar='جمعية لمسات للمطلقات والأرامل وذويهم' | name_en='Lamasat Association for Divorced Women, Widows and their Families' | licence_number='1000586000' | phone='0507142560' | social_media='@LMSAT1000' | email='' | decision_period_days=14 | updated_at=real | updated_by=NULL | second_factor_all_staff=0
outbox_messages (0)
outreach_rules (8)
  id=<id> | code='documentsExpiring' | enabled=0 | days=30 | calendar='' | window_start='' | window_end='' | message_ar='جمعية لمسات: أهلًا {name}، ينتهي مستند «{document}» في ملفك خلال {days} يومًا. نرجو تجديده وإحضاره أو رفعه عبر البوابة.' | last_run_on='' | sort_order=1
  id=<id> | code='eid' | enabled=0 | days=0 | calendar='hijri' | window_start='09-20' | window_end='09-28' | message_ar='جمعية لمسات: أهلًا {name}، برنامج كسوة العيد مفتوح للأسر المسجلة التي لديها أطفال. تواصلي معنا.' | last_run_on='' | sort_order=7
  id=<id> | code='noContact' | enabled=0 | days=90 | calendar='' | window_start='' | window_end='' | message_ar='' | last_run_on='' | sort_order=4
  id=<id> | code='notDelivered' | enabled=0 | days=14 | calendar='' | window_start='' | window_end='' | message_ar='' | last_run_on='' | sort_order=3
  id=<id> | code='overdueDecision' | enabled=0 | days=0 | calendar='' | window_start='' | window_end='' | message_ar='جمعية لمسات: أهلًا {name}، تأخر قرار طلبك رقم {tracking} عن الموعد المتوقع {expected}. نعتذر، وما زال الطلب قيد الدراسة وسنبلغك فور صدور القرار.' | last_run_on='' | sort_order=2
  id=<id> | code='ramadan' | enabled=0 | days=0 | calendar='hijri' | window_start='08-15' | window_end='09-01' | message_ar='جمعية لمسات: أهلًا {name}، يقترب شهر رمضان المبارك، وبرنامج السلال الرمضانية مفتوح للأسر المسجلة. تواصلي معنا.' | last_run_on='' | sort_order=6
  id=<id> | code='schoolSeason' | enabled=0 | days=0 | calendar='gregorian' | window_start='08-01' | window_end='08-20' | message_ar='جمعية لمسات: أهلًا {name}، يبدأ العام الدراسي قريبًا، ولأبنائك في سن الدراسة برنامج دعم مدرسي. تواصلي معنا للتسجيل.' | last_run_on='' | sort_order=5
  id=<id> | code='surveyReminder' | enabled=0 | days=3 | calendar='' | window_start='' | window_end='' | message_ar='جمعية لمسات: أهلًا {name}، ما زال تقييمك لخدمتنا ({tracking}) متاحًا إن رغبتِ، وهو تذكير واحد فقط. رأيك يساعدنا على التحسين: {link}' | last_run_on='' | sort_order=8
outreach_runs (0)
past_aid (0)
payment_batches (0)
payments (0)
pledges (0)
portal_challenges (0)
portal_rates (0)
portal_sessions (0)
processing_activities (7)
  id=<id> | name='التواصل والرسائل' | purpose='الرد على الاستفسارات والشكاوى، وإرسال الإشعارات والتذكيرات' | legal_basis='موافقتها على الرسائل' | data_categories='الجوال، البريد، نص المراسلة، قناة التواصل' | data_subjects='المستفيدات والمتواصلون مع الجمعية' | recipients='مزود الرسائل النصية ومزود واتساب (معالجان)' | retention='سنتان بعد إغلاق الحالة' | safeguards='صلاحيات حسب الدور والفرع، سجل تدقيق لكل اطلاع وتعديل، تشفير الاتصال، نسخ احتياطي' | is_active=1 | sort_order=3 | version=1 | updated_by=NULL | updated_at=real
  id=<id> | name='المتبرعون والتبرعات' | purpose='استلام التبرعات وإصدار الإيصالات وشكر المتبرعين' | legal_basis='العقد مع المتبرع وموافقته على التواصل' | data_categories='الاسم، الهوية أو السجل، الجوال، البريد، التبرعات' | data_subjects='المتبرعون' | recipients='المحاسبة والمراجع الخارجي' | retention='عشر سنوات للسجلات المالية' | safeguards='صلاحيات حسب الدور والفرع، سجل تدقيق لكل اطلاع وتعديل، تشفير الاتصال، نسخ احتياطي' | is_active=1 | sort_order=5 | version=1 | updated_by=NULL | updated_at=real
  id=<id> | name='المتطوعات والمتطوعون' | purpose='تنظيم التطوع وتكليف المتطوعات وتوثيق الساعات' | legal_basis='موافقتها' | data_categories='الهوية، الاسم، الجوال، المهارات، الأوقات، الساعات' | data_subjects='المتطوعات والمتطوعون' | recipients='منسقة التطوع؛ المنصة الوطنية للعمل التطوعي عند التوثيق' | retention='سنتان بعد آخر مشاركة' | safeguards='صلاحيات حسب الدور والفرع، سجل تدقيق لكل اطلاع وتعديل، تشفير الاتصال، نسخ احتياطي' | is_active=1 | sort_order=6 | version=1 | updated_by=NULL | updated_at=real
  id=<id> | name='حسابات الموظفات وسجل التدقيق' | purpose='الدخول الآمن ومساءلة كل اطلاع وتعديل' | legal_basis='الالتزام النظامي بحماية البيانات' | data_categories='اسم المستخدمة، الدور، الفرع، أوقات الدخول، عنوان الشبكة' | data_subjects='موظفات الجمعية' | recipients='مدير النظام' | retention='خمس سنوات' | safeguards='صلاحيات حسب الدور والفرع، سجل تدقيق لكل اطلاع وتعديل، تشفير الاتصال، نسخ احتياطي' | is_active=1 | sort_order=7 | version=1 | updated_by=NULL | updated_at=real
  id=<id> | name='طلبات الدعم والبحث الاجتماعي' | purpose='دراسة الطلب وزيارة المستفيدة وقرار اللجنة وتسليم الخدمة' | legal_basis='موافقتها' | data_categories='الطلب، تقرير الباحثة، قرار اللجنة، التسليمات والتوقيعات' | data_subjects='المستفيدات' | recipients='الباحثات، أعضاء لجنة البحث، المحاسبة عند الصرف' | retention='خمس سنوات بعد إغلاق الطلب' | safeguards='صلاحيات حسب الدور والفرع، سجل تدقيق لكل اطلاع وتعديل، تشفير الاتصال، نسخ احتياطي' | is_active=1 | sort_order=2 | version=1 | updated_by=NULL | updated_at=real
  id=<id> | name='قياس رضا المستفيدات' | purpose='حق المستفيدة في تقييم الخدمة وتحسينها' | legal_basis='موافقتها على الاستبانات' | data_categories='الإجابات والتعليقات' | data_subjects='المستفيدات' | recipients='الإدارة بصورة إجمالية لا تكشف الأفراد' | retention='ثلاث سنوات' | safeguards='صلاحيات حسب الدور والفرع، سجل تدقيق لكل اطلاع وتعديل، تشفير الاتصال، نسخ احتياطي' | is_active=1 | sort_order=4 | version=1 | updated_by=NULL | updated_at=real
  id=<id> | name='ملفات المستفيدات' | purpose='تسجيل المستفيدة والتحقق من بياناتها وتقديم الدعم لها' | legal_basis='موافقتها، والمصلحة المشروعة للجمعية في تقديم الخدمة' | data_categories='الهوية، الاسم، تاريخ الميلاد، الجوال، العنوان الوطني، الحالة الاجتماعية والدخل والسكن، الصحة والإعاقة، الآيبان، المستندات' | data_subjects='المستفيدات وأفراد أسرهن' | recipients='موظفات الجمعية المخولات؛ لجنة البحث' | retention='مدة الخدمة وخمس سنوات بعد آخر خدمة، ثم إخفاء الهوية' | safeguards='صلاحيات حسب الدور والفرع، سجل تدقيق لكل اطلاع وتعديل، تشفير الاتصال، نسخ احتياطي' | is_active=1 | sort_order=1 | version=1 | updated_by=NULL | updated_at=real
public_lookups (0)
rejection_reasons (6)
  id=<id> | code='budget' | name_ar='عدم توفر الميزانية لهذا البند حاليًا' | name_en='No budget for this item at present' | is_active=1 | sort_order=5
  id=<id> | code='data_unconfirmed' | name_ar='تعذّر التحقق من صحة البيانات' | name_en='The data could not be confirmed' | is_active=1 | sort_order=4
  id=<id> | code='income_sufficient' | name_ar='الدخل يغطي الحاجة المطلوبة' | name_en='Income covers the need' | is_active=1 | sort_order=2
  id=<id> | code='not_eligible' | name_ar='لا تنطبق عليها شروط الاستحقاق' | name_en='Does not meet the eligibility conditions' | is_active=1 | sort_order=1
  id=<id> | code='other' | name_ar='سبب آخر مبيَّن في الملاحظة' | name_en='Another reason, given in the note' | is_active=1 | sort_order=6
  id=<id> | code='recently_received' | name_ar='حصلت على الدعم نفسه خلال المدة المحددة' | name_en='Received the same support within the set period' | is_active=1 | sort_order=3
request_appeals (0)
request_attachments (0)
request_counts (0)
request_decisions (0)
request_declarations (0)
request_transitions (0)
research_assignments (0)
research_reports (0)
research_visits (0)
retention_batches (0)
retention_items (0)
retention_rules (5)
  kind='closedFiles' | months=60 | is_enabled=0 | updated_by=NULL | updated_at=real
  kind='importFiles' | months=3 | is_enabled=0 | updated_by=NULL | updated_at=real
  kind='onlineRegistrations' | months=12 | is_enabled=0 | updated_by=NULL | updated_at=real
  kind='sentMessages' | months=24 | is_enabled=0 | updated_by=NULL | updated_at=real
  kind='unregisteredApplicants' | months=24 | is_enabled=0 | updated_by=NULL | updated_at=real
rights_requests (0)
service_deliveries (0)
setup_tokens (0)
sign_in_failures (0)
social_messages (0)
staff_notifications (0)
staff_recovery_codes (0)
staff_sessions (0)
staff_users (0)
stock_items (5)
  id=<id> | code='blanket' | name_ar='بطانية' | name_en='Blanket' | unit='قطعة' | is_active=1 | sort_order=3
  id=<id> | code='eid_clothes' | name_ar='كسوة العيد' | name_en='Eid clothes' | unit='طقم' | is_active=1 | sort_order=4
  id=<id> | code='food_basket' | name_ar='سلة غذائية' | name_en='Food basket' | unit='سلة' | is_active=1 | sort_order=1
  id=<id> | code='school_bag' | name_ar='حقيبة مدرسية' | name_en='School bag' | unit='حقيبة' | is_active=1 | sort_order=2
  id=<id> | code='voucher' | name_ar='قسيمة شرائية' | name_en='Shopping voucher' | unit='قسيمة' | is_active=1 | sort_order=5
stock_movements (0)
stored_files (0)
support_requests (0)
support_types (9)
  id=<id> | code='bills' | name_ar='سداد فواتير' | name_en='Bills' | kind='financial' | required_documents='' | maximum_amount=200000 | frequency_months=6 | is_active=1 | sort_order=3
  id=<id> | code='counselling' | name_ar='استشارة قانونية أو أسرية' | name_en='Legal or family counselling' | kind='counselling' | required_documents='' | maximum_amount=0 | frequency_months=0 | is_active=1 | sort_order=8
  id=<id> | code='education' | name_ar='دعم تعليمي' | name_en='Education support' | kind='service' | required_documents='' | maximum_amount=300000 | frequency_months=12 | is_active=1 | sort_order=5
  id=<id> | code='financial_aid' | name_ar='مساعدة مالية' | name_en='Financial aid' | kind='financial' | required_documents='iban_certificate' | maximum_amount=500000 | frequency_months=6 | is_active=1 | sort_order=1
  id=<id> | code='food_basket' | name_ar='سلة غذائية' | name_en='Food basket' | kind='inKind' | required_documents='' | maximum_amount=0 | frequency_months=3 | is_active=1 | sort_order=4
  id=<id> | code='health' | name_ar='دعم صحي' | name_en='Health support' | kind='service' | required_documents='medical_report' | maximum_amount=500000 | frequency_months=12 | is_active=1 | sort_order=6
  id=<id> | code='rent' | name_ar='دعم الإيجار' | name_en='Rent support' | kind='financial' | required_documents='lease_contract,iban_certificate' | maximum_amount=1500000 | frequency_months=12 | is_active=1 | sort_order=2
  id=<id> | code='seasonal' | name_ar='برامج موسمية' | name_en='Seasonal programmes' | kind='seasonal' | required_documents='' | maximum_amount=0 | frequency_months=12 | is_active=1 | sort_order=9
  id=<id> | code='training' | name_ar='تدريب وتمكين' | name_en='Training and empowerment' | kind='training' | required_documents='' | maximum_amount=0 | frequency_months=0 | is_active=1 | sort_order=7
survey_answers (0)
survey_followups (0)
survey_invitations (0)
survey_links (0)
survey_questions (6)
  id=<id> | template_id=<survey_templates:'الاستبانة الأساسية'> | position=1 | kind='scale' | aspect='courtesy' | text_ar='هل عاملك موظفونا باحترام ولطف؟' | text_en='Did our staff treat you with respect and courtesy?' | choices_ar='' | choices_en='' | is_required=1 | is_active=1
  id=<id> | template_id=<survey_templates:'الاستبانة الأساسية'> | position=2 | kind='scale' | aspect='ease' | text_ar='هل كانت الإجراءات سهلة وواضحة الخطوات؟' | text_en='Were the procedures easy to follow?' | choices_ar='' | choices_en='' | is_required=1 | is_active=1
  id=<id> | template_id=<survey_templates:'الاستبانة الأساسية'> | position=3 | kind='scale' | aspect='speed' | text_ar='هل كانت سرعة إنجاز طلبك مناسبة؟' | text_en='Was your request handled quickly enough?' | choices_ar='' | choices_en='' | is_required=1 | is_active=1
  id=<id> | template_id=<survey_templates:'الاستبانة الأساسية'> | position=4 | kind='scale' | aspect='clarity' | text_ar='هل كانت المعلومات التي قدمناها لك واضحة؟' | text_en='Was the information we gave you clear?' | choices_ar='' | choices_en='' | is_required=1 | is_active=1
  id=<id> | template_id=<survey_templates:'الاستبانة الأساسية'> | position=5 | kind='scale' | aspect='overall' | text_ar='بشكل عام، ما مدى رضاك عن خدمتنا؟' | text_en='Overall, how satisfied are you with our service?' | choices_ar='' | choices_en='' | is_required=1 | is_active=1
  id=<id> | template_id=<survey_templates:'الاستبانة الأساسية'> | position=6 | kind='text' | aspect='comment' | text_ar='هل لديك ملاحظة أو اقتراح تحبين أن تشاركينا إياه؟' | text_en='Is there anything you would like to tell us or suggest?' | choices_ar='' | choices_en='' | is_required=0 | is_active=1
survey_responses (0)
survey_templates (1)
  id=<id> | name='الاستبانة الأساسية' | is_default=1 | created_at=real | updated_at=real
volunteer_applications (0)
volunteer_assignments (0)
volunteer_certificates (0)
volunteer_hours_decisions (0)
volunteer_opportunities (0)
volunteer_pledge_texts (2)
  id=<id> | kind='agreement' | version=1 | text_ar=<333 chars, sha256 e596ea024b458b95> | text_en=<499 chars, sha256 761be65e7659af2c> | created_by=NULL | created_at=real
  id=<id> | kind='confidentiality' | version=1 | text_ar=<275 chars, sha256 ba4df42b257b8b69> | text_en=<366 chars, sha256 0aff7fe3ffb3e177> | created_by=NULL | created_at=real
volunteer_pledges (0)
volunteer_sessions (0)
volunteer_status_changes (0)
volunteer_surveys (0)
volunteers (0)
zakat_eligible_categories (2)
  id=<id> | category_id=<beneficiary_categories:'divorced'> | marked_by=NULL | marked_at=real
  id=<id> | category_id=<beneficiary_categories:'widow'> | marked_by=NULL | marked_at=real
"""#
}
