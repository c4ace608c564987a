<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="ar">
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
</context>
<context>
    <name>App</name>
    <message>
        <source>Cannot open the project</source>
        <translation>تعذّر فتح المشروع</translation>
    </message>
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
    <name>MainWindow</name>
    <message>
        <source>The project is read-only</source>
        <translation>المشروع للقراءة فقط</translation>
    </message>
    <message>
        <source>Open it read-only, to read without annotating?</source>
        <translation>هل تريد فتحه للقراءة فقط، للاطّلاع دون تعليم؟</translation>
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
        <source>&amp;Export JSONL…</source>
        <translation>ت&amp;صدير JSONL…</translation>
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
        <source>Export JSONL</source>
        <translation>تصدير JSONL</translation>
    </message>
    <message>
        <source>JSON Lines (*.jsonl)</source>
        <translation>أسطر JSON (*.jsonl)</translation>
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
</TS>
