//! Policy prose in the UN languages and Portuguese for `synth --languages`:
//! word lists per language and sentences built from them, so that a
//! synthetic six-language site has real Arabic, Chinese and Cyrillic words
//! (and French, Spanish, Portuguese inflections) for the analysers to chew on.

/// The phrases one language's sentences are made of.
pub struct Words {
    pub lang: &'static str,
    pub subjects: &'static [&'static str],
    pub verbs: &'static [&'static str],
    pub objects: &'static [&'static str],
    pub qualifiers: &'static [&'static str],
    pub headings: &'static [&'static str],
    /// Chinese is written without spaces between words.
    pub spaced: bool,
    pub full_stop: &'static str,
}

pub const FR: Words = Words {
    lang: "fr",
    subjects: &[
        "L'autorité de contrôle",
        "Le ministère du commerce",
        "Les petites et moyennes entreprises",
        "Les administrations douanières",
        "Les opérateurs postaux",
        "Les prestataires de services de paiement",
        "Les plateformes en ligne",
        "Les responsables du traitement",
    ],
    verbs: &[
        "doivent harmoniser",
        "numérisent",
        "reconnaissent",
        "simplifient",
        "sont encouragés à adopter",
        "renforcent",
        "notifient",
        "protègent",
    ],
    objects: &[
        "les flux transfrontières de données",
        "les données à caractère personnel",
        "les documents transférables électroniques",
        "les procédures de guichet unique",
        "les mécanismes de recours des consommateurs",
        "les signatures électroniques",
        "les factures électroniques",
        "les services de monnaie mobile",
    ],
    qualifiers: &[
        "conformément aux normes internationales",
        "pour les microentreprises",
        "dans les deux prochaines années",
        "avec des garanties appropriées",
        "dans les pays les moins avancés",
        "en coopération avec le secteur privé",
    ],
    headings: &["Contexte", "Objectifs", "Dispositions principales", "Mise en œuvre", "Résultats"],
    spaced: true,
    full_stop: ".",
};

pub const ES: Words = Words {
    lang: "es",
    subjects: &[
        "La autoridad de control",
        "El ministerio de comercio",
        "Las pequeñas y medianas empresas",
        "Las administraciones aduaneras",
        "Los operadores postales",
        "Los proveedores de servicios de pago",
        "Las plataformas en línea",
        "Los responsables del tratamiento",
    ],
    verbs: &[
        "deben armonizar",
        "digitalizan",
        "reconocen",
        "simplifican",
        "adoptan",
        "fortalecen",
        "notifican",
        "protegen",
    ],
    objects: &[
        "los flujos transfronterizos de datos",
        "los datos personales",
        "los documentos transmisibles electrónicos",
        "los trámites de ventanilla única",
        "los mecanismos de reclamación de los consumidores",
        "las firmas electrónicas",
        "las facturas electrónicas",
        "los servicios de dinero móvil",
    ],
    qualifiers: &[
        "de conformidad con las normas internacionales",
        "para las microempresas",
        "en los próximos dos años",
        "con garantías adecuadas",
        "en los países menos adelantados",
        "en cooperación con el sector privado",
    ],
    headings: &[
        "Antecedentes",
        "Objetivos",
        "Disposiciones principales",
        "Aplicación",
        "Resultados",
    ],
    spaced: true,
    full_stop: ".",
};

pub const PT: Words = Words {
    lang: "pt",
    subjects: &[
        "A autoridade nacional",
        "O ministério do comércio",
        "As micro e pequenas empresas",
        "As administrações aduaneiras",
        "Os operadores postais",
        "Os prestadores de serviços de pagamento",
        "As plataformas digitais",
        "Os controladores de dados",
    ],
    verbs: &[
        "devem harmonizar",
        "digitalizam",
        "reconhecem",
        "simplificam",
        "adotam",
        "fortalecem",
        "notificam",
        "protegem",
    ],
    objects: &[
        "as transferências internacionais de dados",
        "os dados pessoais",
        "os documentos eletrônicos",
        "os procedimentos de janela única",
        "os mecanismos de reclamação dos consumidores",
        "as assinaturas eletrônicas",
        "as notas fiscais eletrônicas",
        "os pagamentos instantâneos",
    ],
    qualifiers: &[
        "de acordo com as normas internacionais",
        "para os microempreendedores",
        "nos próximos dois anos",
        "com salvaguardas adequadas",
        "em cooperação com o setor privado",
    ],
    headings: &["Contexto", "Objetivos", "Disposições principais", "Implementação", "Resultados"],
    spaced: true,
    full_stop: ".",
};

pub const RU: Words = Words {
    lang: "ru",
    subjects: &[
        "Уполномоченный орган",
        "Министерство торговли",
        "Малые и средние предприятия",
        "Таможенные органы",
        "Почтовые операторы",
        "Операторы платёжных систем",
        "Интернет-платформы",
        "Операторы персональных данных",
    ],
    verbs: &[
        "должны согласовать",
        "переводят в электронную форму",
        "признают",
        "упрощают",
        "внедряют",
        "укрепляют",
        "уведомляют о",
        "защищают",
    ],
    objects: &[
        "трансграничную передачу данных",
        "персональные данные граждан",
        "электронные транспортные документы",
        "процедуры единого окна",
        "механизмы защиты прав потребителей",
        "электронные подписи",
        "электронные счета-фактуры",
        "услуги мобильных денег",
    ],
    qualifiers: &[
        "в соответствии с международными стандартами",
        "для микропредприятий",
        "в ближайшие два года",
        "при наличии надлежащих гарантий",
        "в наименее развитых странах",
        "в сотрудничестве с частным сектором",
    ],
    headings: &["Предпосылки", "Цели", "Основные положения", "Реализация", "Результаты"],
    spaced: true,
    full_stop: ".",
};

pub const AR: Words = Words {
    lang: "ar",
    subjects: &[
        "الجهة المختصة",
        "وزارة التجارة",
        "المنشآت الصغيرة والمتوسطة",
        "إدارات الجمارك",
        "المشغلون البريديون",
        "مقدمو خدمات الدفع",
        "المنصات الإلكترونية",
        "جهات التحكم في البيانات",
    ],
    verbs: &["تنسق", "ترقمن", "تنظم", "تبسط", "تعتمد", "تعزز", "تبلغ عن", "تحمي"],
    objects: &[
        "تدفقات البيانات عبر الحدود",
        "البيانات الشخصية",
        "السجلات الإلكترونية القابلة للتحويل",
        "إجراءات النافذة الواحدة",
        "آليات تظلم المستهلكين",
        "التوقيعات الإلكترونية",
        "الفواتير الإلكترونية",
        "خدمات الأموال المتنقلة",
    ],
    qualifiers: &[
        "وفقاً للمعايير الدولية",
        "للمنشآت متناهية الصغر",
        "خلال العامين المقبلين",
        "مع ضمانات مناسبة",
        "في أقل البلدان نمواً",
        "بالتعاون مع القطاع الخاص",
    ],
    headings: &["الخلفية", "الأهداف", "الأحكام الرئيسية", "التنفيذ", "النتائج"],
    spaced: true,
    full_stop: ".",
};

pub const ZH: Words = Words {
    lang: "zh",
    subjects: &[
        "主管部门",
        "商务部",
        "中小企业",
        "海关",
        "邮政经营者",
        "支付服务提供者",
        "电子商务平台",
        "个人信息处理者",
    ],
    verbs: &["应当协调", "推进", "承认", "简化", "采用", "加强", "报告", "保护"],
    objects: &[
        "数据跨境流动",
        "个人信息",
        "电子可转让记录",
        "单一窗口程序",
        "消费者投诉机制",
        "电子签名",
        "电子发票",
        "移动支付服务",
    ],
    qualifiers: &[
        "按照国际标准",
        "为小微企业",
        "在今后两年内",
        "在采取适当保障措施的情况下",
        "在最不发达国家",
        "与私营部门合作",
    ],
    headings: &["背景", "目标", "主要规定", "实施", "成果"],
    spaced: false,
    full_stop: "。",
};

/// The languages records are translated into, besides English.
pub const TRANSLATED: [&Words; 5] = [&FR, &ES, &AR, &ZH, &RU];
/// The languages records are natively written in, besides English:
/// Portuguese is not a site language.
pub const NATIVE: [&Words; 6] = [&FR, &ES, &AR, &ZH, &RU, &PT];

/// A sentence: subject, verb, object and qualifier, picked by `pick(n)`
/// (an index below n).
pub fn sentence(w: &Words, pick: &mut impl FnMut(usize) -> usize) -> String {
    let mut p = |items: &[&'static str]| items[pick(items.len())];
    let parts = [p(w.subjects), p(w.verbs), p(w.objects), p(w.qualifiers)];
    let sep = if w.spaced { " " } else { "" };
    // Chinese puts the qualifier first: 在今后两年内，中小企业应当加强电子签名。
    let text = if w.spaced {
        parts.join(sep)
    } else {
        format!("{}，{}{}{}", parts[3], parts[0], parts[1], parts[2])
    };
    format!("{text}{}", w.full_stop)
}

/// A body of `words` words or so (Chinese: `words` × 2 characters), in
/// sections.
pub fn body(w: &Words, words: usize, pick: &mut impl FnMut(usize) -> usize) -> String {
    let mut out = String::new();
    let mut size = 0;
    let target = if w.spaced { words } else { words * 2 };
    while size < target {
        out.push_str(&format!("## {}\n\n", w.headings[pick(w.headings.len())]));
        for _ in 0..3 {
            let mut para = String::new();
            for _ in 0..4 {
                let s = sentence(w, pick);
                size += if w.spaced { s.split_whitespace().count() } else { s.chars().count() };
                if w.spaced && !para.is_empty() {
                    para.push(' ');
                }
                para.push_str(&s);
            }
            out.push_str(&para);
            out.push_str("\n\n");
        }
    }
    out
}
