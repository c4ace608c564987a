<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="ar">
<context>
    <name>Adjudication</name>
    <message>
        <source>accepted</source>
        <translation>مقبولة</translation>
    </message>
    <message>
        <source>adjudicate {n} candidate(s)</source>
        <translation>تحكيم {n} من المرشحين</translation>
    </message>
    <message>
        <source>all agree</source>
        <translation>الجميع متفقون</translation>
    </message>
    <message>
        <source>boundary differs</source>
        <translation>الحدود مختلفة</translation>
    </message>
    <message>
        <source>edited</source>
        <translation>معدَّلة</translation>
    </message>
    <message>
        <source>gold {key} = {value}</source>
        <translation>مرجعي {key} = {value}</translation>
    </message>
    <message>
        <source>label differs</source>
        <translation>التسمية مختلفة</translation>
    </message>
    <message>
        <source>missing in some</source>
        <translation>ناقص عند بعضهم</translation>
    </message>
    <message>
        <source>open</source>
        <translation>مفتوحة</translation>
    </message>
    <message>
        <source>rejected</source>
        <translation>مرفوضة</translation>
    </message>
    <message>
        <source>∅ missing</source>
        <translation>∅ ناقص</translation>
    </message>
    <message>
        <source>≠ edges</source>
        <translation>≠ الحدود</translation>
    </message>
    <message>
        <source>≠ label</source>
        <translation>≠ التسمية</translation>
    </message>
</context>
<context>
    <name>AdjudicationDialog</name>
    <message>
        <source>Adjudication — {reviewer}</source>
        <translation>التحكيم — {reviewer}</translation>
    </message>
</context>
<context>
    <name>AdjudicationView</name>
    <message>
        <source>= agree, ≠ label, ≠ edges, ∅ missing in some;  • open ✓ accepted ✗ rejected ✎ edited</source>
        <translation>= اتفاق، ≠ التسمية، ≠ الحدود، ∅ ناقص عند بعضهم؛  • مفتوحة ✓ مقبولة ✗ مرفوضة ✎ معدَّلة</translation>
    </message>
    <message>
        <source>Accept (A)</source>
        <translation>قبول (A)</translation>
    </message>
    <message>
        <source>Accept all agreed (Shift+A)</source>
        <translation>قبول كل المتفق عليه (Shift+A)</translation>
    </message>
    <message>
        <source>Candidates</source>
        <translation>المرشحون</translation>
    </message>
    <message>
        <source>Document labels</source>
        <translation>تسميات الوثيقة</translation>
    </message>
    <message>
        <source>Document labels ({n} open)</source>
        <translation>تسميات الوثيقة ({n} مفتوحة)</translation>
    </message>
    <message>
        <source>Document:</source>
        <translation>الوثيقة:</translation>
    </message>
    <message>
        <source>Edit, then accept (E)</source>
        <translation>تعديل ثم قبول (E)</translation>
    </message>
    <message>
        <source>Gold label</source>
        <translation>التسمية المرجعية</translation>
    </message>
    <message>
        <source>Gold layer (editable)</source>
        <translation>الطبقة المرجعية (قابلة للتحرير)</translation>
    </message>
    <message>
        <source>Gold value</source>
        <translation>القيمة المرجعية</translation>
    </message>
    <message>
        <source>Next disagreement (N)</source>
        <translation>الخلاف التالي (N)</translation>
    </message>
    <message>
        <source>Redo decision</source>
        <translation>إعادة الحكم</translation>
    </message>
    <message>
        <source>Reject (R)</source>
        <translation>رفض (R)</translation>
    </message>
    <message>
        <source>Undo decision</source>
        <translation>التراجع عن الحكم</translation>
    </message>
    <message>
        <source>accept all agreed</source>
        <translation>قبول كل المتفق عليه</translation>
    </message>
    <message>
        <source>decided</source>
        <translation>محسومة</translation>
    </message>
    <message>
        <source>gold {label} {start}–{end}: proposed by {proposers}; {decision} by {reviewer} at {time}</source>
        <translation>مرجعي {label} {start}–{end}: اقترحه {proposers}؛ الحكم: {decision}، أصدره {reviewer} في {time}</translation>
    </message>
    <message>
        <source>no document is ready yet: every assigned annotator must mark it done</source>
        <translation>لا توجد وثيقة جاهزة بعد: على كل مُعلِّم كُلِّف بها أن يضع عليها علامة منجَزة</translation>
    </message>
    <message>
        <source>no open disagreement left in this document</source>
        <translation>لم يبقَ خلاف مفتوح في هذه الوثيقة</translation>
    </message>
    <message>
        <source>no open group on which everyone agrees</source>
        <translation>لا توجد مجموعة مفتوحة يتفق عليها الجميع</translation>
    </message>
    <message>
        <source>ready</source>
        <translation>جاهزة</translation>
    </message>
    <message>
        <source>waiting for annotators</source>
        <translation>بانتظار المُعلِّمين</translation>
    </message>
    <message>
        <source>waiting for {names}</source>
        <translation>بانتظار {names}</translation>
    </message>
    <message>
        <source>{doc}: {title} (not ready)</source>
        <translation>{doc}: {title} (غير جاهزة)</translation>
    </message>
    <message>
        <source>{ready}; {open} of {groups} group(s) open, {gold} gold span(s)</source>
        <translation>{ready}؛ {open} من {groups} مجموعة مفتوحة، {gold} مقطع مرجعي</translation>
    </message>
</context>
<context>
    <name>AnnotatedImportDialog</name>
    <message>
        <source>Import annotated files</source>
        <translation>استيراد ملفات موسومة</translation>
    </message>
    <message>
        <source>&amp;Files:</source>
        <translation>المل&amp;فات:</translation>
    </message>
    <message>
        <source>F&amp;ormat:</source>
        <translation>الصي&amp;غة:</translation>
    </message>
    <message>
        <source>Offsets &amp;count:</source>
        <translation>وحدة &amp;عدّ الإزاحات:</translation>
    </message>
    <message>
        <source>Found per document from the span texts</source>
        <translation>تُستنتج لكل وثيقة من نصوص المقاطع</translation>
    </message>
    <message>
        <source>Code points (scripts, brat, Python)</source>
        <translation>نقاط الترميز (السكربتات، brat، بايثون)</translation>
    </message>
    <message>
        <source>UTF-16 units (tools in a web browser)</source>
        <translation>وحدات UTF-16 (أدوات تعمل في متصفح الويب)</translation>
    </message>
    <message>
        <source>Grapheme clusters (doccano&apos;s option)</source>
        <translation>عناقيد المحارف (خيار doccano)</translation>
    </message>
    <message>
        <source>Annotations &amp;go to:</source>
        <translation>&amp;وجهة التوسيمات:</translation>
    </message>
    <message>
        <source>Annotator's &amp;name:</source>
        <translation>ا&amp;سم المُعلِّم:</translation>
    </message>
    <message>
        <source>Add &amp;files…</source>
        <translation>إضافة &amp;ملفات…</translation>
    </message>
    <message>
        <source>Add a fol&amp;der…</source>
        <translation>إضافة م&amp;جلد…</translation>
    </message>
    <message>
        <source>&amp;Remove</source>
        <translation>إ&amp;زالة</translation>
    </message>
    <message>
        <source>Add &amp;labels the schema lacks</source>
        <translation>إضافة ال&amp;تسميات الناقصة من مخطط التسميات</translation>
    </message>
    <message>
        <source>&amp;Join discontinuous brat spans into one</source>
        <translation>&amp;ضمّ أجزاء مقطع brat المتقطع في مقطع واحد</translation>
    </message>
    <message>
        <source>&amp;Import</source>
        <translation>ا&amp;ستيراد</translation>
    </message>
    <message>
        <source>Detect from each file</source>
        <translation>تحديد تلقائي لكل ملف</translation>
    </message>
    <message>
        <source>brat standoff (.ann beside .txt)</source>
        <translation>brat (ملف ann بجانب ملف txt)</translation>
    </message>
    <message>
        <source>doccano export (JSON, JSONL)</source>
        <translation>تصدير doccano ‏(JSON أو JSONL)</translation>
    </message>
    <message>
        <source>Label Studio export (JSON)</source>
        <translation>تصدير Label Studio ‏(JSON)</translation>
    </message>
    <message>
        <source>Prodigy or spaCy records (JSONL)</source>
        <translation>سجلات Prodigy أو spaCy ‏(JSONL)</translation>
    </message>
    <message>
        <source>CoNLL / BIO (a token and its tags per line)</source>
        <translation>CoNLL / BIO (كلمة ووسومها في كل سطر)</translation>
    </message>
    <message>
        <source>Hashiya JSONL (our own export)</source>
        <translation>JSONL حاشية (تصدير البرنامج نفسه)</translation>
    </message>
    <message>
        <source>My layer ({name})</source>
        <translation>طبقتي ({name})</translation>
    </message>
    <message>
        <source>Another annotator's layer</source>
        <translation>طبقة مُعلِّم آخر</translation>
    </message>
    <message>
        <source>The annotators named in the file (Label Studio, Prodigy, our JSONL)</source>
        <translation>المُعلِّمون المذكورون في الملف (Label Studio وProdigy وJSONL حاشية)</translation>
    </message>
    <message>
        <source>Choose annotated files</source>
        <translation>اختر ملفات موسومة</translation>
    </message>
    <message>
        <source>Annotated files (*.json *.jsonl *.ndjson *.ann *.conll *.conllu *.bio *.iob *.iob2 *.bioes *.tsv *.txt);;All files (*)</source>
        <translation>ملفات موسومة (*.json *.jsonl *.ndjson *.ann *.conll *.conllu *.bio *.iob *.iob2 *.bioes *.tsv *.txt);;كل الملفات (*)</translation>
    </message>
    <message>
        <source>Choose a folder of annotated files</source>
        <translation>اختر مجلدًا من الملفات الموسومة</translation>
    </message>
    <message>
        <source>Add the files to import.</source>
        <translation>أضف الملفات المراد استيرادها.</translation>
    </message>
    <message>
        <source>Type the name of the annotator whose layer the annotations go to.</source>
        <translation>اكتب اسم المُعلِّم الذي تذهب التوسيمات إلى طبقته.</translation>
    </message>
    <message>
        <source>brat, doccano and CoNLL files name no annotators: choose a layer for their annotations.</source>
        <translation>ملفات brat وdoccano وCoNLL لا تذكر المُعلِّمين: اختر طبقة لتوسيماتها.</translation>
    </message>
    <message>
        <source>brat, doccano and CoNLL files among them will be refused: they name no annotators.</source>
        <translation>ستُرفض ملفات brat وdoccano وCoNLL بينها: فهي لا تذكر المُعلِّمين.</translation>
    </message>
</context>
<context>
    <name>AnnotationPane</name>
    <message>
        <source>Zoom in (larger text)</source>
        <translation>تكبير (نص أكبر)</translation>
    </message>
    <message>
        <source>Zoom out (smaller text)</source>
        <translation>تصغير (نص أصغر)</translation>
    </message>
    <message>
        <source>Selection: move the end edge forward (left in Arabic)</source>
        <translation>التحديد: تقديم حافة النهاية (يسارًا في العربية)</translation>
    </message>
    <message>
        <source>Selection: move the end edge back (right in Arabic)</source>
        <translation>التحديد: إرجاع حافة النهاية (يمينًا في العربية)</translation>
    </message>
    <message>
        <source>Selection: move the start edge back (right in Arabic)</source>
        <translation>التحديد: إرجاع حافة البداية (يمينًا في العربية)</translation>
    </message>
    <message>
        <source>Selection: move the start edge forward (left in Arabic)</source>
        <translation>التحديد: تقديم حافة البداية (يسارًا في العربية)</translation>
    </message>
    <message>
        <source>Strip proclitics (و ف ب ل ك), keep the article: بالرقة → الرقة</source>
        <translation>حذف السوابق (و ف ب ل ك) مع إبقاء أداة التعريف: بالرقة ← الرقة</translation>
    </message>
    <message>
        <source>Strip proclitics and the article: بالرقة → رقة</source>
        <translation>حذف السوابق وأداة التعريف: بالرقة ← رقة</translation>
    </message>
    <message>
        <source>Expand the selection or span to whole words</source>
        <translation>توسيع التحديد أو المقطع إلى كلمات كاملة</translation>
    </message>
    <message>
        <source>Trim spaces and punctuation from the edges</source>
        <translation>قصّ المسافات وعلامات الترقيم من الطرفين</translation>
    </message>
    <message>
        <source>Label the selection / relabel the span from the palette (or confirm a link)</source>
        <translation>تسمية التحديد أو تغيير تسمية المقطع من اللوحة (أو تأكيد الرابط)</translation>
    </message>
    <message>
        <source>Sticky label mode: choose a label, then every selection gets it</source>
        <translation>وضع التسمية الثابتة: اختر تسمية فتُطبَّق على كل تحديد</translation>
    </message>
    <message>
        <source>Edit the selected span's attributes</source>
        <translation>تحرير خصائص المقطع المحدد</translation>
    </message>
    <message>
        <source>Delete the selected span (and its links)</source>
        <translation>حذف المقطع المحدد (وروابطه)</translation>
    </message>
    <message>
        <source>Link the selected event span: choose a role, then the other span</source>
        <translation>ربط مقطع الحدث المحدد: اختر دورًا ثم المقطع الآخر</translation>
    </message>
    <message>
        <source>Select the next span (next link candidate when linking)</source>
        <translation>تحديد المقطع التالي (المرشح التالي عند الربط)</translation>
    </message>
    <message>
        <source>Select the previous span (previous link candidate when linking)</source>
        <translation>تحديد المقطع السابق (المرشح السابق عند الربط)</translation>
    </message>
    <message>
        <source>Annotate all occurrences of the selected text in this document</source>
        <translation>تعليم كل مواضع النص المحدد في هذه الوثيقة</translation>
    </message>
    <message>
        <source>Cancel: leave link or sticky mode, drop the selection</source>
        <translation>إلغاء: الخروج من وضع الربط أو التسمية الثابتة وإسقاط التحديد</translation>
    </message>
    <message>
        <source>Label: {name_en} — {name_ar}</source>
        <translation>تسمية: {name_ar} — {name_en}</translation>
    </message>
    <message>
        <source>Attributes: {text}</source>
        <translation>الخصائص: {text}</translation>
    </message>
    <message>
        <source>Change the label</source>
        <translation>تغيير التسمية</translation>
    </message>
    <message>
        <source>Drag, double-click or Shift+Arrow to select text</source>
        <translation>اسحب أو انقر نقرًا مزدوجًا أو استخدم Shift مع الأسهم لتحديد نص</translation>
    </message>
    <message>
        <source>Label as {label}: {text}</source>
        <translation>التسمية بـ{label}: {text}</translation>
    </message>
    <message>
        <source>Label every occurrence of: {text}</source>
        <translation>تسمية كل مواضع: {text}</translation>
    </message>
    <message>
        <source>Label the selection</source>
        <translation>تسمية التحديد</translation>
    </message>
    <message>
        <source>Linking as {role}: click the other span, or Ctrl+Down to it and Enter</source>
        <translation>ربط بدور {role}: انقر المقطع الآخر، أو انتقل إليه بـ Ctrl+Down ثم Enter</translation>
    </message>
    <message>
        <source>No other occurrence of: {text}</source>
        <translation>لا مواضع أخرى لـ: {text}</translation>
    </message>
    <message>
        <source>Select a span first</source>
        <translation>حدِّد مقطعًا أولًا</translation>
    </message>
    <message>
        <source>Select an event span first (click it or Ctrl+Down to it)</source>
        <translation>حدِّد مقطع حدث أولًا (انقره أو انتقل إليه بـ Ctrl+Down)</translation>
    </message>
    <message>
        <source>Select text or a span first</source>
        <translation>حدِّد نصًا أو مقطعًا أولًا</translation>
    </message>
    <message>
        <source>Selection {start}–{end}: {text}</source>
        <translation>التحديد {start}–{end}: {text}</translation>
    </message>
    <message>
        <source>Span {label} {start}–{end}: {text}</source>
        <translation>مقطع {label} {start}–{end}: {text}</translation>
    </message>
    <message>
        <source>Sticky label: every selection gets it (Esc ends)</source>
        <translation>تسمية ثابتة: تُطبَّق على كل تحديد (Esc للإنهاء)</translation>
    </message>
    <message>
        <source>Sticky: {label}</source>
        <translation>ثابتة: {label}</translation>
    </message>
    <message>
        <source>The label {label} has no attributes</source>
        <translation>لا خصائص للتسمية {label}</translation>
    </message>
</context>
<context>
    <name>App</name>
    <message>
        <source>Unexpected error</source>
        <translation>خطأ غير متوقَّع</translation>
    </message>
    <message>
        <source>Something went wrong: {error}
Everything you did before this is saved.</source>
        <translation>حدث خطأ: {error}
كل ما أنجزته قبل ذلك محفوظ.</translation>
    </message>
</context>
<context>
    <name>Dashboard</name>
    <message>
        <source>Rule: {rule}.</source>
        <translation>القاعدة: {rule}.</translation>
    </message>
    <message>
        <source>{entity} {id} in {document}: kept {kept}'s ({reason})</source>
        <translation>{entity} {id} في {document}: أُبقيت نسخة {kept} ({reason})</translation>
    </message>
    <message>
        <source>{file}: {docs} document(s) added, {added} span(s) added, {updated} updated, {deleted} deleted, {conflicts} conflict(s)</source>
        <translation>{file}: أُضيفت {docs} وثيقة، وأُضيف {added} مقطع، وعُدِّل {updated}، وحُذف {deleted}، و{conflicts} تعارض</translation>
    </message>
</context>
<context>
    <name>DashboardDialog</name>
    <message>
        <source>Team dashboard</source>
        <translation>لوحة الفريق</translation>
    </message>
</context>
<context>
    <name>DashboardView</name>
    <message>
        <source>% done</source>
        <translation>% منجَز</translation>
    </message>
    <message>
        <source>Agreement not computed yet.</source>
        <translation>لم يُحسب الاتفاق بعد.</translation>
    </message>
    <message>
        <source>Annotator</source>
        <translation>المُعلِّم</translation>
    </message>
    <message>
        <source>Annotators (comma separated):</source>
        <translation>المُعلِّمون (مفصولون بفواصل):</translation>
    </message>
    <message>
        <source>Annotators per document:</source>
        <translation>عدد المُعلِّمين لكل وثيقة:</translation>
    </message>
    <message>
        <source>Assign documents</source>
        <translation>توزيع الوثائق</translation>
    </message>
    <message>
        <source>Assign documents…</source>
        <translation>توزيع الوثائق…</translation>
    </message>
    <message>
        <source>Compute agreement</source>
        <translation>حساب الاتفاق</translation>
    </message>
    <message>
        <source>Documents done over time</source>
        <translation>الوثائق المنجَزة عبر الزمن</translation>
    </message>
    <message>
        <source>Done</source>
        <translation>منجَزة</translation>
    </message>
    <message>
        <source>Hashiya projects (*.hashiya *.sqlite *.db);;All files (*)</source>
        <translation>مشاريع حاشية (*.hashiya *.sqlite *.db);;كل الملفات (*)</translation>
    </message>
    <message>
        <source>In progress</source>
        <translation>قيد العمل</translation>
    </message>
    <message>
        <source>Merge annotators' copies</source>
        <translation>دمج نسخ المُعلِّمين</translation>
    </message>
    <message>
        <source>Merge annotators' copies…</source>
        <translation>دمج نسخ المُعلِّمين…</translation>
    </message>
    <message>
        <source>Merge finished</source>
        <translation>اكتمل الدمج</translation>
    </message>
    <message>
        <source>Not started</source>
        <translation>لم تبدأ</translation>
    </message>
    <message>
        <source>Of</source>
        <translation>من أصل</translation>
    </message>
    <message>
        <source>Refresh</source>
        <translation>تحديث</translation>
    </message>
    <message>
        <source>Role</source>
        <translation>الدور</translation>
    </message>
    <message>
        <source>Span F1 (exact) per label</source>
        <translation>F1 للمقاطع (مطابقة تامة) لكل تسمية</translation>
    </message>
    <message>
        <source>Span F1 (exact), annotator × annotator</source>
        <translation>F1 للمقاطع (مطابقة تامة)، مُعلِّم × مُعلِّم</translation>
    </message>
    <message>
        <source>The team task failed</source>
        <translation>فشلت مهمة الفريق</translation>
    </message>
    <message>
        <source>computing agreement…</source>
        <translation>جارٍ حساب الاتفاق…</translation>
    </message>
    <message>
        <source>merging…</source>
        <translation>جارٍ الدمج…</translation>
    </message>
    <message>
        <source>{annotators} annotators, {docs} document(s). Span F1 exact mean {mean} (sd {sd}), overlap mean {overlap}; token kappa mean {kappa}; Krippendorff's alpha {alpha}.</source>
        <translation>{annotators} مُعلِّمين، {docs} وثيقة. متوسط F1 للمقاطع بمطابقة تامة {mean} (الانحراف المعياري {sd})، ومتوسطه بالتداخل {overlap}؛ ومتوسط كابا على مستوى الكلمات {kappa}؛ وألفا كريبندورف {alpha}.</translation>
    </message>
    <message>
        <source>{n} new assignment(s)</source>
        <translation>{n} تكليف جديد</translation>
    </message>
    <message>
        <source>Annotator:</source>
        <translation>المُعلِّم:</translation>
    </message>
    <message>
        <source>No annotator in this project yet</source>
        <translation>لا يوجد مُعلِّم في هذا المشروع بعد</translation>
    </message>
    <message>
        <source>Role:</source>
        <translation>الدور:</translation>
    </message>
    <message>
        <source>Set role</source>
        <translation>تعيين الدور</translation>
    </message>
    <message>
        <source>Set role…</source>
        <translation>تعيين الدور…</translation>
    </message>
    <message>
        <source>annotator</source>
        <translation>مُعلِّم</translation>
    </message>
    <message>
        <source>reviewer</source>
        <translation>مُحكِّم</translation>
    </message>
    <message>
        <source>gold</source>
        <translation>مرجعي</translation>
    </message>
</context>
<context>
    <name>DocLabelPanel</name>
    <message>
        <source>Annotators' values</source>
        <translation>قيم المُعلِّمين</translation>
    </message>
    <message>
        <source>Gold</source>
        <translation>القيمة المرجعية</translation>
    </message>
    <message>
        <source>Key</source>
        <translation>المفتاح</translation>
    </message>
    <message>
        <source>{values}  (missing: {names})</source>
        <translation>{values}  (ناقص عند: {names})</translation>
    </message>
</context>
<context>
    <name>DocList</name>
    <message>
        <source>New</source>
        <translation>جديدة</translation>
    </message>
    <message>
        <source>In progress</source>
        <translation>قيد العمل</translation>
    </message>
    <message>
        <source>Done</source>
        <translation>منجَزة</translation>
    </message>
    <message>
        <source>Title</source>
        <translation>العنوان</translation>
    </message>
    <message>
        <source>Status</source>
        <translation>الحالة</translation>
    </message>
    <message>
        <source>Spans</source>
        <translation>المقاطع</translation>
    </message>
    <message>
        <source>Search titles and texts (Ctrl+F)</source>
        <translation>ابحث في العناوين والنصوص (Ctrl+F)</translation>
    </message>
    <message>
        <source>All</source>
        <translation>الكل</translation>
    </message>
</context>
<context>
    <name>ExportDialog</name>
    <message>
        <source>Export</source>
        <translation>تصدير</translation>
    </message>
    <message>
        <source>&amp;Layer:</source>
        <translation>ال&amp;طبقة:</translation>
    </message>
    <message>
        <source>Annotator's na&amp;me:</source>
        <translation>ا&amp;سم المُعلِّم:</translation>
    </message>
    <message>
        <source>F&amp;ormat:</source>
        <translation>الصي&amp;غة:</translation>
    </message>
    <message>
        <source>&amp;Destination:</source>
        <translation>ال&amp;وجهة:</translation>
    </message>
    <message>
        <source>Spans inside a &amp;word (CoNLL):</source>
        <translation>مقاطع داخل &amp;كلمة (CoNLL):</translation>
    </message>
    <message>
        <source>&amp;Nested spans (CoNLL):</source>
        <translation>المقاطع المت&amp;داخلة (CoNLL):</translation>
    </message>
    <message>
        <source>Spans between &amp;tokens (spaCy):</source>
        <translation>مقاطع بين ال&amp;وحدات (spaCy):</translation>
    </message>
    <message>
        <source>Percentages:</source>
        <translation>النسب المئوية:</translation>
    </message>
    <message>
        <source>Shu&amp;ffle seed:</source>
        <translation>ب&amp;ذرة الخلط:</translation>
    </message>
    <message>
        <source>T&amp;rain</source>
        <translation>ت&amp;دريب</translation>
    </message>
    <message>
        <source>De&amp;v</source>
        <translation>ت&amp;طوير</translation>
    </message>
    <message>
        <source>Te&amp;st</source>
        <translation>ا&amp;ختبار</translation>
    </message>
    <message>
        <source>&amp;Browse…</source>
        <translation>ت&amp;صفّح…</translation>
    </message>
    <message>
        <source>S&amp;plit the documents into train, dev and test files</source>
        <translation>&amp;قسمة الوثائق على ملفات تدريب وتطوير واختبار</translation>
    </message>
    <message>
        <source>&amp;Export</source>
        <translation>ت&amp;صدير</translation>
    </message>
    <message>
        <source>My layer ({name})</source>
        <translation>طبقتي ({name})</translation>
    </message>
    <message>
        <source>Another annotator's layer</source>
        <translation>طبقة مُعلِّم آخر</translation>
    </message>
    <message>
        <source>The gold layer (adjudicated)</source>
        <translation>الطبقة المرجعية (بعد التحكيم)</translation>
    </message>
    <message>
        <source>Hashiya JSONL (everything: attributes, relations, status)</source>
        <translation>JSONL حاشية (كل شيء: السمات والعلاقات والحالة)</translation>
    </message>
    <message>
        <source>spaCy DocBin (.spacy, for spacy train)</source>
        <translation>DocBin لـ spaCy (‏.spacy، لأمر spacy train)</translation>
    </message>
    <message>
        <source>CoNLL / BIO (a token and its tags per line)</source>
        <translation>CoNLL / BIO (كلمة ووسومها في كل سطر)</translation>
    </message>
    <message>
        <source>brat standoff (a folder of .txt and .ann)</source>
        <translation>brat standoff (مجلد من ملفات ‎.txt و‎.ann)</translation>
    </message>
    <message>
        <source>CSV (one row per event)</source>
        <translation>CSV (صف لكل حدث)</translation>
    </message>
    <message>
        <source>doccano records (JSONL)</source>
        <translation>سجلات doccano (JSONL)</translation>
    </message>
    <message>
        <source>Label Studio tasks (JSON)</source>
        <translation>مهام Label Studio (JSON)</translation>
    </message>
    <message>
        <source>Prodigy records (JSONL)</source>
        <translation>سجلات Prodigy (JSONL)</translation>
    </message>
    <message>
        <source>Tag the whole word (attach)</source>
        <translation>وسم الكلمة كلها (attach)</translation>
    </message>
    <message>
        <source>Cut the word at the span's edge (split)</source>
        <translation>قطع الكلمة عند حدّ المقطع (split)</translation>
    </message>
    <message>
        <source>One tag column per level (columns)</source>
        <translation>عمود وسوم لكل مستوى (columns)</translation>
    </message>
    <message>
        <source>Keep the outermost (outer)</source>
        <translation>إبقاء الأبعد (outer)</translation>
    </message>
    <message>
        <source>Keep the innermost (inner)</source>
        <translation>إبقاء الأعمق (inner)</translation>
    </message>
    <message>
        <source>Widen to whole tokens (expand)</source>
        <translation>توسيع إلى وحدات كاملة (expand)</translation>
    </message>
    <message>
        <source>Narrow to whole tokens (contract)</source>
        <translation>تضييق إلى وحدات كاملة (contract)</translation>
    </message>
    <message>
        <source>Drop spans off token edges (strict)</source>
        <translation>إسقاط المقاطع الخارجة عن حدود الوحدات (strict)</translation>
    </message>
    <message>
        <source>Choose an empty folder for the brat files</source>
        <translation>اختر مجلداً فارغاً لملفات brat</translation>
    </message>
    <message>
        <source>Choose an empty folder for the spaCy DocBins</source>
        <translation>اختر مجلدًا فارغًا لملفات DocBin الخاصة بـ spaCy</translation>
    </message>
    <message>
        <source>Export to</source>
        <translation>التصدير إلى</translation>
    </message>
    <message>
        <source>{suffix} files (*{suffix});;All files (*)</source>
        <translation>ملفات {suffix} (*{suffix});;كل الملفات (*)</translation>
    </message>
    <message>
        <source>No other annotator has a layer in this project.</source>
        <translation>لا طبقة لمُعلِّم آخر في هذا المشروع.</translation>
    </message>
    <message>
        <source>The spaCy format needs spaCy, which is not installed: pip install spacy==3.8.18</source>
        <translation>صيغة spaCy تحتاج إلى مكتبة spaCy، وهي غير مثبّتة: pip install spacy==3.8.18</translation>
    </message>
    <message>
        <source>Choose where to write the export.</source>
        <translation>اختر أين يُكتب التصدير.</translation>
    </message>
    <message>
        <source>The train, dev and test percentages add up to {n}, not 100.</source>
        <translation>مجموع نسب التدريب والتطوير والاختبار {n} لا 100.</translation>
    </message>
    <message>
        <source>{path} is there and is not an empty folder: choose a new or an empty one.</source>
        <translation>{path} موجود وليس مجلداً فارغاً: اختر مجلداً جديداً أو فارغاً.</translation>
    </message>
    <message>
        <source>Writes:</source>
        <translation>يكتب:</translation>
    </message>
    <message>
        <source>brat writes a folder; it must be new or empty.</source>
        <translation>تكتب brat مجلداً؛ يجب أن يكون جديداً أو فارغاً.</translation>
    </message>
    <message>
        <source>A folder: DocBins of 1,000 documents each (part-0001.spacy, …), one in memory at a time; spacy train reads the folder as one corpus. It must be new or empty.</source>
        <translation>مجلد: ملفات DocBin في كل منها 1,000 وثيقة (part-0001.spacy، …)، واحد منها في الذاكرة في كل مرة؛ يقرأ spacy train المجلد كله مدوّنةً واحدة. يجب أن يكون جديدًا أو فارغًا.</translation>
    </message>
</context>
<context>
    <name>ExportSummary</name>
    <message>
        <source>Export</source>
        <translation>تصدير</translation>
    </message>
    <message>
        <source>Exported the layer {layer} as {format}: {files} file(s).</source>
        <translation>صُدِّرت الطبقة {layer} بصيغة {format} في {files} ملف.</translation>
    </message>
    <message>
        <source>(none: nobody has annotated yet)</source>
        <translation>(لا شيء: لم يوسم أحد بعد)</translation>
    </message>
    <message>
        <source>{path}: {docs} document(s), {spans} span(s), {rels} relation(s)</source>
        <translation>{path} — الوثائق: {docs}، المقاطع: {spans}، العلاقات: {rels}</translation>
    </message>
    <message>
        <source>Nothing to report: the format held everything.</source>
        <translation>لا شيء يُذكر: اتسعت الصيغة لكل شيء.</translation>
    </message>
    <message>
        <source>What the format could not hold or changed:</source>
        <translation>ما لم تتسع له الصيغة أو ما غيّرته:</translation>
    </message>
</context>
<context>
    <name>GroupModel</name>
    <message>
        <source>Annotator / position</source>
        <translation>المُعلِّم / الموضع</translation>
    </message>
    <message>
        <source>Label</source>
        <translation>التسمية</translation>
    </message>
    <message>
        <source>Text</source>
        <translation>النص</translation>
    </message>
    <message>
        <source>{range}  (missing: {names})</source>
        <translation>{range}  (ناقص عند: {names})</translation>
    </message>
</context>
<context>
    <name>Identity</name>
    <message>
        <source>Annotator</source>
        <translation>المُعلِّم</translation>
    </message>
    <message>
        <source>Your name as annotator in this project (it is stored with everything you mark):</source>
        <translation>اسمك مُعلِّمًا في هذا المشروع (يُحفظ مع كل ما تُعلِّمه):</translation>
    </message>
</context>
<context>
    <name>ImportSummary</name>
    <message>
        <source>Import annotated files</source>
        <translation>استيراد ملفات موسومة</translation>
    </message>
    <message>
        <source>{docs} new document(s), {spans} span(s), {rels} relation(s) imported; {refused} file(s) refused.</source>
        <translation>استُوردت {docs} وثيقة جديدة و{spans} مقطع و{rels} علاقة؛ ورُفض {refused} ملف.</translation>
    </message>
    <message>
        <source>Cancelled: the files after the last one stored were not imported.</source>
        <translation>أُلغي: لم تُستورد الملفات التي تلي آخر ملف خُزِّن.</translation>
    </message>
    <message>
        <source>the layers the file names</source>
        <translation>الطبقات التي يذكرها الملف</translation>
    </message>
    <message>
        <source>the layer of {name}</source>
        <translation>طبقة {name}</translation>
    </message>
    <message>
        <source>None of these files holds annotations; they were imported as plain texts.</source>
        <translation>لا يحوي أيٌّ من هذه الملفات توسيمات؛ فاستُوردت نصوصًا مجردة.</translation>
    </message>
    <message>
        <source>Refused: {error}</source>
        <translation>مرفوض: {error}</translation>
    </message>
    <message>
        <source>{path} ({format}): {docs} new document(s), {attached} already present, {spans} span(s), {rels} relation(s), into {who}</source>
        <translation>{path} ({format}): {docs} وثيقة جديدة، و{attached} موجودة من قبل، و{spans} مقطع، و{rels} علاقة، في {who}</translation>
    </message>
    <message>
        <source>{n} document(s) left as they were: they already have spans in that layer</source>
        <translation>{n} وثيقة تُركت كما كانت: فيها مقاطع في تلك الطبقة من قبل</translation>
    </message>
    <message>
        <source>Layer {name}: {docs} document(s), {spans} span(s), {rels} relation(s)</source>
        <translation>طبقة {name}: {docs} وثيقة، و{spans} مقطع، و{rels} علاقة</translation>
    </message>
    <message>
        <source>Labels not in the project schema: {listed}. Their files were refused; tick “Add labels the schema lacks” to add them, and import again.</source>
        <translation>تسميات ليست في مخطط تسميات المشروع: {listed}. رُفضت ملفاتها؛ حدِّد «إضافة التسميات الناقصة من مخطط التسميات» لإضافتها، ثم أعد الاستيراد.</translation>
    </message>
    <message>
        <source>Roles not in the project schema: {listed}. Their files were refused; tick “Add labels the schema lacks” to add them, and import again.</source>
        <translation>أدوار ليست في مخطط تسميات المشروع: {listed}. رُفضت ملفاتها؛ حدِّد «إضافة التسميات الناقصة من مخطط التسميات» لإضافتها، ثم أعد الاستيراد.</translation>
    </message>
    <message>
        <source>What reading the files converted or left out:</source>
        <translation>ما حوّلته قراءة الملفات أو تركته:</translation>
    </message>
    <message>
        <source>{path} (plain text): {added} document(s) added, {dups} already present</source>
        <translation>{path} (نص مجرد): أُضيفت {added} وثيقة، و{dups} موجودة من قبل</translation>
    </message>
    <message>
        <source>Not read ({n} file(s) of other kinds): {names}</source>
        <translation>لم تُقرأ ({n} ملف من أنواع أخرى): {names}</translation>
    </message>
</context>
<context>
    <name>LabelPalette</name>
    <message>
        <source>Actors</source>
        <translation>الفاعلون</translation>
    </message>
    <message>
        <source>Arabic</source>
        <translation>العربية</translation>
    </message>
    <message>
        <source>English</source>
        <translation>الإنجليزية</translation>
    </message>
    <message>
        <source>Entities</source>
        <translation>الكيانات</translation>
    </message>
    <message>
        <source>Events</source>
        <translation>الأحداث</translation>
    </message>
    <message>
        <source>Key</source>
        <translation>المفتاح</translation>
    </message>
    <message>
        <source>Label</source>
        <translation>التسمية</translation>
    </message>
    <message>
        <source>Search labels (Arabic or English name, key)</source>
        <translation>ابحث في التسميات (بالاسم العربي أو الإنجليزي أو المفتاح)</translation>
    </message>
</context>
<context>
    <name>LabelingController</name>
    <message>
        <source>A {label} span cannot take the role {role}</source>
        <translation>لا يمكن لمقطع {label} أن يأخذ الدور {role}</translation>
    </message>
    <message>
        <source>Ctrl+Down to a span first, or click one</source>
        <translation>انتقل أولًا إلى مقطع بـ Ctrl+Down، أو انقر مقطعًا</translation>
    </message>
    <message>
        <source>Linked as {role}: {text}</source>
        <translation>رُبط بدور {role}: {text}</translation>
    </message>
    <message>
        <source>No span here can be the {role} of this event</source>
        <translation>لا يوجد هنا مقطع يصلح أن يكون {role} لهذا الحدث</translation>
    </message>
    <message>
        <source>Nothing to change</source>
        <translation>لا شيء يتغيّر</translation>
    </message>
    <message>
        <source>Select a span to delete (click it, or Ctrl+Down to it)</source>
        <translation>حدِّد مقطعًا لحذفه (انقره أو انتقل إليه بـ Ctrl+Down)</translation>
    </message>
    <message>
        <source>Select an event span first</source>
        <translation>حدِّد مقطع حدث أولًا</translation>
    </message>
    <message>
        <source>Select text first (drag, double-click or Shift+Arrow)</source>
        <translation>حدِّد نصًا أولًا (بالسحب أو النقر المزدوج أو Shift مع الأسهم)</translation>
    </message>
    <message>
        <source>Select text or a span first</source>
        <translation>حدِّد نصًا أو مقطعًا أولًا</translation>
    </message>
    <message>
        <source>That link exists already</source>
        <translation>هذا الرابط موجود من قبل</translation>
    </message>
    <message>
        <source>That span already has this label</source>
        <translation>لهذا المقطع هذه التسمية من قبل</translation>
    </message>
    <message>
        <source>{n} link(s) the new label cannot hold were removed; Ctrl+Z brings them back</source>
        <translation>أُزيل {n} من الروابط التي لا تقبلها التسمية الجديدة؛ يعيدها Ctrl+Z</translation>
    </message>
    <message>
        <source>That span cannot be the {role} of this event</source>
        <translation>لا يصلح هذا المقطع أن يكون {role} لهذا الحدث</translation>
    </message>
    <message>
        <source>The undo history is gone; nothing was written</source>
        <translation>سجلّ التراجع لم يعد موجودًا؛ لم يُكتب شيء</translation>
    </message>
    <message>
        <source>{role} of: {text}</source>
        <translation>{role} في الحدث: {text}</translation>
    </message>
    <message>
        <source>{role}: click a span, or Ctrl+Down to it and press Enter; Esc cancels</source>
        <translation>{role}: انقر مقطعًا، أو انتقل إليه بـ Ctrl+Down واضغط Enter؛ Esc للإلغاء</translation>
    </message>
</context>
<context>
    <name>MainWindow</name>
    <message>
        <source>&amp;Export…</source>
        <translation>ت&amp;صدير…</translation>
    </message>
    <message>
        <source>Opening {name}…</source>
        <translation>جارٍ فتح {name}…</translation>
    </message>
    <message>
        <source>the demo project</source>
        <translation>مشروع التجربة</translation>
    </message>
    <message>
        <source>Hashiya</source>
        <translation>حاشية</translation>
    </message>
    <message>
        <source>The project is read-only</source>
        <translation>المشروع للقراءة فقط</translation>
    </message>
    <message>
        <source>Open it read-only, to read without annotating?</source>
        <translation>هل تريد فتحه للقراءة فقط، للاطّلاع دون تعليم؟</translation>
    </message>
    <message>
        <source>The project was upgraded</source>
        <translation>رُقّي المشروع إلى صيغة هذا الإصدار</translation>
    </message>
    <message>
        <source>{name} was saved by an older version of Hashiya (file format {old}) and now has this version&apos;s file format {new}; an older version cannot open it any more. The file as it was is kept as:
{backup}</source>
        <translation>حُفظ {name} بإصدار أقدم من حاشية (صيغة الملف {old}) وصار الآن بصيغة هذا الإصدار {new}؛ لم يعد الإصدار الأقدم قادرًا على فتحه. نسخة الملف كما كان محفوظة في:
{backup}</translation>
    </message>
    <message>
        <source>&amp;File</source>
        <translation>&amp;ملف</translation>
    </message>
    <message>
        <source>&amp;Edit</source>
        <translation>&amp;تحرير</translation>
    </message>
    <message>
        <source>&amp;Document</source>
        <translation>&amp;وثيقة</translation>
    </message>
    <message>
        <source>&amp;Settings</source>
        <translation>إ&amp;عدادات</translation>
    </message>
    <message>
        <source>&amp;Help</source>
        <translation>م&amp;ساعدة</translation>
    </message>
    <message>
        <source>Open &amp;recent</source>
        <translation>فتح مشروع &amp;حديث</translation>
    </message>
    <message>
        <source>Interface &amp;language</source>
        <translation>&amp;لغة الواجهة</translation>
    </message>
    <message>
        <source>&amp;New project…</source>
        <translation>مشروع &amp;جديد…</translation>
    </message>
    <message>
        <source>&amp;Open project…</source>
        <translation>&amp;فتح مشروع…</translation>
    </message>
    <message>
        <source>&amp;Import texts…</source>
        <translation>ا&amp;ستيراد نصوص…</translation>
    </message>
    <message>
        <source>Import a &amp;folder…</source>
        <translation>استيراد م&amp;جلد…</translation>
    </message>
    <message>
        <source>&amp;Quit</source>
        <translation>&amp;خروج</translation>
    </message>
    <message>
        <source>&amp;Find documents</source>
        <translation>&amp;بحث في الوثائق</translation>
    </message>
    <message>
        <source>Change &amp;annotator…</source>
        <translation>تغيير الم&amp;علِّم…</translation>
    </message>
    <message>
        <source>Mark &amp;done and go to the next</source>
        <translation>وضع علامة &amp;منجَزة والانتقال إلى التالية</translation>
    </message>
    <message>
        <source>Mark &amp;in progress</source>
        <translation>وضع علامة &amp;قيد العمل</translation>
    </message>
    <message>
        <source>Mark as &amp;new</source>
        <translation>إعادتها إلى &amp;جديدة</translation>
    </message>
    <message>
        <source>&amp;Next document</source>
        <translation>الوثيقة ال&amp;تالية</translation>
    </message>
    <message>
        <source>&amp;Previous document</source>
        <translation>الوثيقة ال&amp;سابقة</translation>
    </message>
    <message>
        <source>&amp;Keyboard shortcuts</source>
        <translation>ا&amp;ختصارات لوحة المفاتيح</translation>
    </message>
    <message>
        <source>&amp;Undo {what}</source>
        <translation>&amp;تراجع عن {what}</translation>
    </message>
    <message>
        <source>&amp;Undo</source>
        <translation>&amp;تراجع</translation>
    </message>
    <message>
        <source>&amp;Redo {what}</source>
        <translation>إ&amp;عادة {what}</translation>
    </message>
    <message>
        <source>&amp;Redo</source>
        <translation>إ&amp;عادة</translation>
    </message>
    <message>
        <source>Annotator: {name}</source>
        <translation>المُعلِّم: {name}</translation>
    </message>
    <message>
        <source> (read-only)</source>
        <translation> (للقراءة فقط)</translation>
    </message>
    <message>
        <source>Project: {name}</source>
        <translation>المشروع: {name}</translation>
    </message>
    <message>
        <source>Hashiya — {project}</source>
        <translation>حاشية — {project}</translation>
    </message>
    <message>
        <source>Annotation</source>
        <translation>التعليم</translation>
    </message>
    <message>
        <source>Preparing the search index…</source>
        <translation>جارٍ تجهيز فهرس البحث…</translation>
    </message>
    <message>
        <source>Cannot show the document</source>
        <translation>تعذّر عرض الوثيقة</translation>
    </message>
    <message>
        <source>Cannot open the project</source>
        <translation>تعذّر فتح المشروع</translation>
    </message>
    <message>
        <source>Cannot create the project</source>
        <translation>تعذّر إنشاء المشروع</translation>
    </message>
    <message>
        <source>Hashiya projects (*.sqlite *.hashiya);;All files (*)</source>
        <translation>مشاريع حاشية (*.sqlite *.hashiya);;كل الملفات (*)</translation>
    </message>
    <message>
        <source>New project</source>
        <translation>مشروع جديد</translation>
    </message>
    <message>
        <source>Open project</source>
        <translation>فتح مشروع</translation>
    </message>
    <message>
        <source>No document is shown</source>
        <translation>لا توجد وثيقة معروضة</translation>
    </message>
    <message>
        <source>Cannot change the status</source>
        <translation>تعذّر تغيير الحالة</translation>
    </message>
    <message>
        <source>Nothing was changed</source>
        <translation>لم يتغيّر شيء</translation>
    </message>
    <message>
        <source>That was the last document in the list</source>
        <translation>كانت هذه آخر وثيقة في القائمة</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>إلغاء</translation>
    </message>
    <message>
        <source>The task failed</source>
        <translation>فشلت المهمة</translation>
    </message>
    <message>
        <source>Import texts</source>
        <translation>استيراد نصوص</translation>
    </message>
    <message>
        <source>Texts (*.txt *.jsonl *.ndjson *.csv);;All files (*)</source>
        <translation>نصوص (*.txt *.jsonl *.ndjson *.csv);;كل الملفات (*)</translation>
    </message>
    <message>
        <source>Import a folder</source>
        <translation>استيراد مجلد</translation>
    </message>
    <message>
        <source>Importing texts…</source>
        <translation>جارٍ استيراد النصوص…</translation>
    </message>
    <message>
        <source>Imported {added} document(s); {dups} duplicate(s) skipped; {refused} file(s) refused</source>
        <translation>استُورِدت {added} وثيقة؛ وتُخطّيت {dups} مكرَّرة؛ ورُفض {refused} ملف</translation>
    </message>
    <message>
        <source> — cancelled: files after the last stored batch were not imported</source>
        <translation> — أُلغي: لم تُستورَد الملفات التي تلي آخر دفعة حُفظت</translation>
    </message>
    <message>
        <source>… and {n} more</source>
        <translation>… و{n} غيرها</translation>
    </message>
    <message>
        <source>Some files were refused</source>
        <translation>رُفضت بعض الملفات</translation>
    </message>
    <message>
        <source>Exporting…</source>
        <translation>جارٍ التصدير…</translation>
    </message>
    <message>
        <source>Export cancelled; nothing was written</source>
        <translation>أُلغي التصدير؛ لم يُكتب شيء</translation>
    </message>
    <message>
        <source>Exported {docs} document(s), {spans} span(s), {rels} link(s) to {path}</source>
        <translation>صُدِّرت {docs} وثيقة و{spans} مقطع و{rels} رابط إلى {path}</translation>
    </message>
    <message>
        <source>Search index ready</source>
        <translation>فهرس البحث جاهز</translation>
    </message>
    <message>
        <source>&amp;Team</source>
        <translation>ال&amp;فريق</translation>
    </message>
    <message>
        <source>&amp;Adjudicate this document…</source>
        <translation>&amp;تحكيم هذه الوثيقة…</translation>
    </message>
    <message>
        <source>Team &amp;dashboard…</source>
        <translation>&amp;لوحة الفريق…</translation>
    </message>
    <message>
        <source>Only a reviewer can adjudicate</source>
        <translation>التحكيم للمُحكِّمين وحدهم</translation>
    </message>
    <message>
        <source>The project is open read-only: decisions could not be stored.</source>
        <translation>المشروع مفتوح للقراءة فقط: تعذّر حفظ الأحكام.</translation>
    </message>
    <message>
        <source>“{name}” is not a reviewer in this project, so the adjudication window does not open. A reviewer is named on the team dashboard (Set role…); they then work under that name (Change annotator…).</source>
        <translation>«{name}» ليس مُحكِّمًا في هذا المشروع، لذا لا تُفتح نافذة التحكيم. يُعيَّن المُحكِّم من لوحة الفريق (تعيين الدور…)، ثم يعمل باسمه (تغيير المُعلِّم…).</translation>
    </message>
    <message>
        <source>Import annotated file&amp;s…</source>
        <translation>استيراد ملفات &amp;موسومة…</translation>
    </message>
    <message>
        <source>Files with annotations were not imported</source>
        <translation>لم تُستورد الملفات ذات التوسيمات</translation>
    </message>
    <message>
        <source>The import was cancelled before these files, which hold annotations. Import them with File → Import annotated files…:
{files}</source>
        <translation>أُلغي الاستيراد قبل هذه الملفات، وهي تحوي توسيمات. استوردها من ملف ← استيراد ملفات موسومة…:
{files}</translation>
    </message>
    <message>
        <source>{n} of the chosen files hold annotations, which a text import would drop. Choose where the annotations go and press Import; Cancel leaves these files out. The plain texts are imported.</source>
        <translation>{n} من الملفات المختارة تحوي توسيمات، وكان استيراد النصوص سيُسقطها. اختر وجهة التوسيمات واضغط «استيراد»؛ و«إلغاء» يتركها دون استيراد. أما النصوص المجردة فقد استُوردت.</translation>
    </message>
    <message>
        <source>{n} file(s) with annotations were not imported</source>
        <translation>لم يُستورد {n} ملف ذو توسيمات</translation>
    </message>
    <message>
        <source>Importing annotated files…</source>
        <translation>جارٍ استيراد الملفات الموسومة…</translation>
    </message>
    <message>
        <source>Annotated import finished: {refused} file(s) refused</source>
        <translation>انتهى استيراد الملفات الموسومة: رُفض {refused} ملف</translation>
    </message>
    <message>
        <source> — cancelled: the file being stored was rolled back whole, later files not read</source>
        <translation> — أُلغي: تراجعنا عن الملف الذي كان يُخزَّن كله، ولم تُقرأ الملفات بعده</translation>
    </message>
</context>
<context>
    <name>Messages</name>
    <message>
        <source>This file is not a Hashiya project, or it is damaged; it was not changed.</source>
        <translation>هذا الملف ليس مشروعاً لحاشية، أو أنه تالف؛ لم يُغيَّر فيه شيء.</translation>
    </message>
    <message>
        <source>This project was saved by a newer version of Hashiya; update the program to open it.</source>
        <translation>حُفظ هذا المشروع بإصدار أحدث من حاشية؛ حدّث البرنامج لتفتحه.</translation>
    </message>
    <message>
        <source>The project file or its folder cannot be written.</source>
        <translation>لا يمكن الكتابة في ملف المشروع أو في مجلده.</translation>
    </message>
    <message>
        <source>Another program is writing to the project; try again in a moment.</source>
        <translation>برنامج آخر يكتب في المشروع الآن؛ أعد المحاولة بعد قليل.</translation>
    </message>
    <message>
        <source>Saving failed (a full disk or an input/output error); nothing was half-written.</source>
        <translation>فشل الحفظ (قرص ممتلئ أو خطأ في القراءة والكتابة)؛ لم يُكتب شيء ناقصاً.</translation>
    </message>
    <message>
        <source>This changed in another window or program since it was shown; nothing was written.</source>
        <translation>تغيّر هذا في نافذة أخرى أو برنامج آخر منذ عرضه؛ لم يُكتب شيء.</translation>
    </message>
    <message>
        <source>A file could not be read; the details name the file and the line. Nothing of it was imported.</source>
        <translation>تعذّرت قراءة ملف؛ التفاصيل تذكر الملف والسطر. لم يُستورد منه شيء.</translation>
    </message>
    <message>
        <source>This could not be done; the details (in English) say why.</source>
        <translation>تعذّر إتمام هذا؛ التفاصيل (بالإنجليزية) تذكر السبب.</translation>
    </message>
</context>
<context>
    <name>OccurrencesDialog</name>
    <message>
        <source>Label {n}</source>
        <translation>تسمية {n}</translation>
    </message>
    <message>
        <source>Space toggles one; the ticked ones are labelled as one undoable action.</source>
        <translation>المسافة تبدّل اختيار موضع؛ تُسمّى المواضع المؤشَّر عليها في عملية واحدة يمكن التراجع عنها.</translation>
    </message>
</context>
<context>
    <name>Shortcuts</name>
    <message>
        <source>Keyboard shortcuts</source>
        <translation>اختصارات لوحة المفاتيح</translation>
    </message>
    <message>
        <source>Filter</source>
        <translation>تصفية</translation>
    </message>
    <message>
        <source>Menu</source>
        <translation>القائمة</translation>
    </message>
    <message>
        <source>Action</source>
        <translation>الأمر</translation>
    </message>
    <message>
        <source>Keys</source>
        <translation>المفاتيح</translation>
    </message>
</context>
<context>
    <name>SpanPanel</name>
    <message>
        <source>Links</source>
        <translation>الروابط</translation>
    </message>
    <message>
        <source>Links of the selected span; Delete removes the chosen one</source>
        <translation>روابط المقطع المحدد؛ Delete يحذف الرابط المختار</translation>
    </message>
    <message>
        <source>Spans</source>
        <translation>المقاطع</translation>
    </message>
</context>
<context>
    <name>SpanTableModel</name>
    <message>
        <source>Attributes</source>
        <translation>الخصائص</translation>
    </message>
    <message>
        <source>Label</source>
        <translation>التسمية</translation>
    </message>
    <message>
        <source>Links</source>
        <translation>الروابط</translation>
    </message>
    <message>
        <source>Text</source>
        <translation>النص</translation>
    </message>
</context>
<context>
    <name>Undo</name>
    <message>
        <source>add “{label}”</source>
        <translation>إضافة «{label}»</translation>
    </message>
    <message>
        <source>add “{label}” and link it</source>
        <translation>إضافة «{label}» وربطها</translation>
    </message>
    <message>
        <source>annotate {n} occurrences</source>
        <translation>توسيم {n} من المواضع</translation>
    </message>
    <message>
        <source>delete “{label}”</source>
        <translation>حذف «{label}»</translation>
    </message>
    <message>
        <source>done</source>
        <translation>منجزة</translation>
    </message>
    <message>
        <source>edit “{label}”</source>
        <translation>تعديل «{label}»</translation>
    </message>
    <message>
        <source>in progress</source>
        <translation>قيد العمل</translation>
    </message>
    <message>
        <source>link {role}</source>
        <translation>ربط بدور {role}</translation>
    </message>
    <message>
        <source>mark {status}</source>
        <translation>وضع علامة «{status}»</translation>
    </message>
    <message>
        <source>new</source>
        <translation>جديدة</translation>
    </message>
    <message>
        <source>unlink {role}</source>
        <translation>فك الربط بدور {role}</translation>
    </message>
</context>
</TS>
