"""Southern Quechua (Runasimi, qu) for the demo services, keyed by the
Spanish source text.

Written for the demo without a native speaker, in the official three-vowel
alphabet, with short sentences and the Spanish loanwords Quechua speakers
use for offices and papers (certificado, documento, municipio); the days
of the week are the neologisms of Peru's bilingual-education materials.
Have a native speaker review them before a municipality uses the forms.
forms.py fails if a form offers `qu` and a text has no entry here (proper
names, written the same in every language, need none).
"""

QU = {
    # Residence certificate
    'Certificado de residencia': 'Tiyasqaykimanta certificado',
    'Un papel oficial que dice dónde vive. Necesita su documento de identidad.':
        'Maypi tiyasqaykita willaq kamachisqa qillqa. Documentoykim necesitakun.',
    'Documentos': 'Documentokuna',
    'Le pediremos su nombre, su documento y su dirección. Tarda unos 3 minutos.':
        'Sutiykita, documentoykita, maypi tiyasqaykitapas tapusqaykiku. Yaqa 3 minutollam.',
    '¿Cuál es su nombre completo?': '¿Ima hunt\'asqa sutiyki?',
    'Escríbalo como aparece en su documento.': 'Documentoykipi hina qillqay.',
    'Escriba el nombre para continuar.': 'Qatinaykipaq sutita qillqay.',
    'El nombre es muy corto. Escriba nombre y apellido.':
        'Sutiqa nisyu pisillam. Sutiykita ayllu sutiykitawan qillqay.',
    '¿Qué documento de identidad tiene?': '¿Ima documentotaq kapusunki?',
    'Elija el país que dio su documento.': 'Documentoykita qusuqniyki suyuta akllay.',
    'Elija una respuesta para continuar.': 'Qatinaykipaq huk kutichiyta akllay.',
    'Número de su documento': 'Documentoykipa yupaynin',
    'Cópielo de su documento. Puede escribir los puntos y guiones, o no.':
        'Documentoykimanta qillqay. Puntokunata guionkunatapas qillqayta atinki, manachus.',
    'Escriba el número de su documento.': 'Documentoykipa yupayninta qillqay.',
    'Este número no parece correcto. Revise cada número en su documento y escríbalo de nuevo.':
        'Kay yupayqa mana allinchu rikch\'akun. Documentoykipi sapa yupayta qhawaspa huktawan qillqay.',
    '¿Cuándo nació?': '¿Hayk\'aqmi paqarirqanki?',
    'Día, mes y año.': 'P\'unchaw, killa, wata ima.',
    'Elija su fecha de nacimiento.': 'Paqarisqayki p\'unchawta akllay.',
    'Esa fecha no puede ser. Revise el año.': 'Chay p\'unchawqa manam kanmanchu. Watata qhawariy.',
    '¿Dónde vive?': '¿Maypitaq tiyanki?',
    '¿En qué municipio?': '¿Mayqin municipiopi?',
    '¿En qué barrio?': '¿Mayqin barriopi?',
    'Primero elija el municipio. Aquí aparecen sus barrios.':
        'Ñawpaqta municipiota akllay. Kaypim barriokunan rikhurinqa.',
    'Calle y número': 'Calle, yupayninwan',
    'Ejemplo: Av. Libertad 1234, apartamento 5.': 'Kay hina: Av. Libertad 1234, apartamento 5.',
    'Escriba su calle y número.': 'Calleykita yupayninwan qillqay.',
    '¿Cuántos años hace que vive allí?': '¿Hayk\'a watañataq chaypi tiyanki?',
    'Si es menos de un año, escriba 0.': 'Huk watamanta pisi kaptinqa, 0 qillqay.',
    'Escriba un número de años.': 'Hayk\'a watata yupaywan qillqay.',
    'Escriba un número entre 0 y 120.': '0 manta 120 kama huk yupayta qillqay.',
    '¿Para qué necesita el certificado?': '¿Imapaqtaq certificadota necesitanki?',
    'Cuéntenos para qué lo necesita': 'Imapaq necesitasqaykita willawayku',
    'Escriba para qué lo necesita.': 'Imapaq necesitasqaykita qillqay.',
    '¿Cómo quiere recibir el certificado?': '¿Imaynatataq certificadota chaskiyta munanki?',
    'Su correo electrónico': 'Correo electrónicoyki',
    'Ejemplo: ana@correo.com': 'Kay hina: ana@correo.com',
    'Escriba su correo para enviarle el certificado.':
        'Certificadota apachinaykupaq correoykita qillqay.',
    'Revise el correo: debe tener una @ y un punto, como ana@correo.com':
        'Correota qhawariy: huk @ nisqayuq huk puntoyuq kanan, ana@correo.com hina',
    'Su teléfono (si quiere)': 'Telefonoyki (munaspaqa)',
    'Le llamaremos solo si falta algo.': 'Imapas pisiptinlla waqyasqaykiku.',
    'Escriba solo números, por ejemplo 099 123 456.': 'Yupaykunallata qillqay, kay hina: 099 123 456.',
    'Gracias, ${full_name}. Toque Continuar para revisar y enviar su pedido. El certificado estará listo en 3 días hábiles.':
        'Sulpayki, ${full_name}. «Continuar» nisqata llamiy. Certificadoqa 3 llamk\'ana p\'unchawpi '
        'listo kanqa.',
    'Brasil – CPF': 'Brasil – CPF',
    'Chile – RUN': 'Chile – RUN',
    'Uruguay – Cédula de identidad': 'Uruguay – Cédula de identidad',
    'Argentina – CUIL': 'Argentina – CUIL',
    'México – CURP': 'México – CURP',
    'Otro documento o pasaporte': 'Huk documento utaq pasaporte',
    'Trabajo': 'Llamk\'ay',
    'Escuela o universidad': 'Yachay wasi utaq universidad',
    'Banco o crédito': 'Banco utaq manu',
    'Salud': 'Qhali kay',
    'Otra cosa': 'Huk imapas',
    'Lo busco en la municipalidad': 'Municipalidadpi maskasaq',
    'Por correo electrónico': 'Correo electrónicowan',

    # Birth registration appointment
    'Turno para inscribir un nacimiento': 'Wawa paqarisqanta qillqachinapaq turno',
    'Elija el día para inscribir a su bebé en el Registro Civil.':
        'Wawaykita Registro Civilpi qillqachinaykipaq p\'unchawta akllay.',
    'Registro civil': 'Registro civil',
    'Inscribir a su bebé es gratis. Aquí elige el día para ir al Registro Civil.':
        'Wawaykita qillqachiyqa mana qullqiyuqmi. Kaypim Registro Civilman rinaykipaq p\'unchawta '
        'akllanki.',
    'Sobre usted': 'Qammanta',
    'Su nombre completo': 'Hunt\'asqa sutiyki',
    '¿Qué es usted del bebé?': '¿Imantaq kanki wawapaq?',
    'Traiga el papel del juzgado que dice que usted cuida al bebé.':
        'Wawata qam uywasqaykita niq juzgadopa qillqanta apamuy.',
    'Su número de teléfono': 'Telefonoykipa yupaynin',
    'Le enviaremos un mensaje para recordarle el turno.':
        'Turnoykita yuyarichinaykupaq huk willakuyta apachisqaykiku.',
    'Escriba un teléfono para poder avisarle.': 'Willanaykupaq huk telefonota qillqay.',
    'Sobre el bebé': 'Wawamanta',
    '¿Cuándo nació el bebé?': '¿Hayk\'aqmi wawa paqarirqan?',
    'Elija el día en que nació.': 'Paqarisqan p\'unchawta akllay.',
    'Esa fecha todavía no llegó. Revise el día, el mes y el año.':
        'Chay p\'unchawqa manaraqmi chayamunchu. P\'unchawta, killata, watatapas qhawariy.',
    '¿Ya eligieron el nombre?': '¿Sutintañachu akllarqankichik?',
    'Nombre del bebé': 'Wawapa sutin',
    'Nombres y apellidos. Podrá cambiarlos en el Registro Civil.':
        'Sutinkuna ayllu sutinkunawan. Registro Civilpi tikrayta atinki.',
    '¿Dónde nació el bebé?': '¿Maypim wawa paqarirqan?',
    '¿Tiene el papel de nacimiento del hospital?': '¿Hospitalpa paqarisqa qillqanchu kapusunki?',
    'Se llama «certificado de nacido vivo». Se lo dan en el hospital.':
        '«Certificado de nacido vivo» sutiyuqmi. Hospitalpim qusunki.',
    'El bebé nació hace ${days_since_birth} días. Después de 60 días, traiga también a dos testigos con su documento.':
        'Wawaqa ${days_since_birth} p\'unchawñam paqarirqan. 60 p\'unchawmanta qhipaqa, iskay '
        'testigokunatapas documentonkunawan pusamuy.',
    'Sin el papel del hospital, traiga a dos testigos del nacimiento con su documento.':
        'Hospitalpa qillqan mana kaptinqa, paqarisqanta rikuq iskay testigokunata documentonkunawan '
        'pusamuy.',
    'Su turno': 'Turnoyki',
    '¿Qué día quiere venir?': '¿Mayqin p\'unchawtaq hamuyta munanki?',
    'De lunes a viernes, desde hoy hasta dentro de 60 días.':
        'Killachawmanta Ch\'askachawkama, kunanmanta 60 p\'unchaw kama.',
    'Elija un día.': 'Huk p\'unchawta akllay.',
    'Elija un día de lunes a viernes, desde hoy hasta dentro de 60 días.':
        'Killachawmanta Ch\'askachawkama huk p\'unchawta akllay, kunanmanta 60 p\'unchaw kama.',
    '¿A qué hora?': '¿Ima horatataq?',
    'Su turno: el ${appointment_day}, ${time_label}. Traiga su documento y el del otro padre o madre.':
        'Turnoyki: ${appointment_day} p\'unchaw, ${time_label}. Documentoykita, huk taytapa utaq '
        'mamapa documentontapas apamuy.',
    'Madre': 'Mama',
    'Padre': 'Tayta',
    'Otra persona que lo cuida': 'Uywaq huk runa',
    'Sí': 'Arí',
    'No': 'Manam',
    'En un hospital o clínica': 'Hospitalpi utaq clínicapi',
    'En casa': 'Wasipi',
    'En otro lugar': 'Huk cheqaspi',
    'de mañana (8 a 12 h)': 'tutamanta (8 manta 12 kama)',
    'de tarde (13 a 16 h)': 'ch\'isinta (13 manta 16 kama)',

    # Household benefit
    'Ayuda social para el hogar': 'Wasipaq yanapakuy',
    'Vea si su hogar puede recibir la ayuda mensual, y pídala.':
        'Wasiykiqa sapa killa yanapakuyta chaskinmanchu, qhawaspa mañakuy.',
    'Ayudas sociales': 'Yanapakuykuna',
    'Le preguntaremos quiénes viven en su casa y cuánto dinero reciben. Así vemos si pueden recibir la ayuda.':
        'Wasiykipi pikuna tiyasqankuta, hayk\'a qullqita chaskisqankutapas tapusqaykiku. Chaywanmi '
        'yanapakuyta chaskinkichikmanchu chayta qhawayku.',
    'Su dirección': 'Maypi tiyasqayki',
    'Calle, número y barrio.': 'Calle, yupay, barrio ima.',
    'Escriba su dirección.': 'Maypi tiyasqaykita qillqay.',
    '¿Cuántas personas viven en su casa, contándose usted?':
        '¿Hayk\'a runataq wasiykipi tiyanku, qampas yupasqa?',
    'Cuente a todos los que duermen y comen en la casa.':
        'Wasipi puñuqkunata mikhuqkunatapas llapanta yupay.',
    'Escriba cuántas personas son.': 'Hayk\'a runa kasqankuta qillqay.',
    'Escriba un número entre 1 y 20.': '1 manta 20 kama huk yupayta qillqay.',
    'Persona': 'Runa',
    'Nombre': 'Suti',
    'Empiece por usted.': 'Qammanta qallariy.',
    'Edad': 'Watan',
    'En años. Para un bebé de menos de un año, escriba 0.':
        'Watakunapi. Huk watamanta pisi wawapaqqa 0 qillqay.',
    'Escriba la edad.': 'Hayk\'a watayuq kasqanta qillqay.',
    'Escriba una edad entre 0 y 120.': '0 manta 120 kama watata qillqay.',
    '¿Qué es de usted?': '¿Imayki?',
    '¿Recibe dinero todos los meses?': '¿Sapa killachu qullqita chaskin?',
    'Sueldo, changas, jubilación, pensión u otra ayuda.':
        'Sueldo, llamk\'aykuna, jubilación, pensión utaq huk yanapakuy.',
    '¿Cuánto dinero recibe por mes?': '¿Hayk\'a qullqitataq sapa killa chaskin?',
    'En pesos. Si cambia, escriba lo de un mes normal.':
        'Pesokunapi. Tikrakuptinqa, sapa killa hina chaskisqanta qillqay.',
    'Escriba un monto. Si no sabe, escriba uno aproximado.':
        'Hayk\'a qullqi kasqanta qillqay. Mana yachaspaqa, yaqa hayk\'a kasqanta qillqay.',
    'Escriba solo números, sin puntos ni letras. Por ejemplo: 25000':
        'Yupaykunallata qillqay, mana puntokunawan nitaq letrakunawan. Kay hina: 25000',
    '¿Tiene alguna discapacidad?': '¿Ima discapacidadniyuqpas kanchu?',
    'En su casa viven ${household_size} personas y reciben ${total_income} pesos por mes: ${per_capita} por persona. Pueden recibir la ayuda. Toque Continuar para revisar y enviar el pedido.':
        'Wasiykipi ${household_size} runakuna tiyanku, sapa killa ${total_income} pesota chaskinku: '
        'sapa runapaq ${per_capita}. Yanapakuyta chaskiyta atinkichik. Mañakunaykipaq «Continuar» '
        'nisqata llamiy.',
    'En su casa viven ${household_size} personas y reciben ${per_capita} pesos por persona por mes. Es más que el límite de la ayuda. Igual puede enviar el pedido: una trabajadora social lo revisará.':
        'Wasiykipi ${household_size} runakuna tiyanku, sapa runapaq sapa killa ${per_capita} pesota '
        'chaskinku. Chayqa yanapakuypa limitenmanta aswan hatunmi. Chaywanpas mañakuyta apachiyta '
        'atinki: huk trabajadora social qhawanqa.',
    '¿Acepta que una trabajadora social visite su casa?':
        '¿Huk trabajadora social wasiykita watukunanta munankichu?',
    'La visita es necesaria para dar la ayuda. Le llamaremos antes.':
        'Yanapakuyta qunapaqqa watukuy necesitakunmi. Ñawpaqta waqyasqaykiku.',
    'Sin la visita no podemos dar la ayuda. Puede enviar el pedido igual y hablar con la oficina.':
        'Mana watukuspaqa yanapakuyta manam quyta atiykuchu. Chaywanpas mañakuyta apachiyta, '
        'oficinawan rimaytapas atinki.',
    'Soy yo': 'Ñuqam kani',
    'Pareja': 'Warmiy utaq qusay',
    'Hijo o hija': 'Churiy utaq ususiy',
    'Madre o padre': 'Mamay utaq taytay',
    'Otro familiar': 'Huk ayllu',
    'Otra persona': 'Huk runa',

    # Business permit
    'Permiso para un pequeño comercio': 'Huch\'uy rantikunapaq permiso',
    'Pida el permiso para abrir o seguir con su negocio en el barrio.':
        'Barriopi negocioykita kicharinaykipaq utaq qatinaykipaq permisota mañakuy.',
    'Comercio': 'Rantinakuy',
    'Quién pide el permiso': 'Pim permisota mañakun',
    'El negocio': 'Negocio',
    'Nombre del negocio': 'Negociopa sutin',
    'El que ve la gente en la puerta. Si no tiene, escriba su nombre.':
        'Runakuna punkupi rikusqanku suti. Mana kaptinqa, sutiykita qillqay.',
    '¿Qué hace el negocio?': '¿Imatataq negocio ruwan?',
    'Cuéntenos qué hace el negocio': 'Negocio imata ruwasqanta willawayku',
    'Escriba qué hace el negocio.': 'Negocio imata ruwasqanta qillqay.',
    '¿Qué número de contribuyente tiene?': '¿Ima contribuyente yupaytaq kapusunki?',
    'Si todavía no tiene, elija «Todavía no tengo».':
        'Manaraq kapusunki chayqa, «Manaraqmi kapuwanchu» nisqata akllay.',
    'Número de contribuyente': 'Contribuyente yupay',
    'Está en su constancia de inscripción. Puede escribir los puntos y guiones, o no.':
        'Inscripción constanciaykipim kachkan. Puntokunata guionkunatapas qillqayta atinki, manachus.',
    'Escriba el número.': 'Yupayta qillqay.',
    'Este número no parece correcto. Revise cada número en su constancia.':
        'Kay yupayqa mana allinchu rikch\'akun. Constanciaykipi sapa yupayta qhawariy.',
    'Puede pedir el permiso igual. En la oficina le ayudamos a inscribirse.':
        'Chaywanpas permisota mañakuyta atinki. Oficinapim qillqachikunaykipaq yanapasqaykiku.',
    '¿Cuántas personas trabajan allí, contándose usted?':
        '¿Hayk\'a runataq chaypi llamk\'anku, qampas yupasqa?',
    'Escriba cuántas personas.': 'Hayk\'a runa kasqanta qillqay.',
    'Escriba un número entre 1 y 500.': '1 manta 500 kama huk yupayta qillqay.',
    '¿Cuántos metros cuadrados tiene el local?': '¿Hayk\'a metro cuadradoyuqtaq local?',
    'Largo por ancho. Un local de 5 por 8 metros tiene 40.':
        'Suni kayninta kinray kayninwan multiplicay. 5 por 8 metro localqa 40 metroyuqmi.',
    'Escriba los metros cuadrados.': 'Metro cuadradokunata qillqay.',
    'Escriba un número mayor que 0 y de hasta 5000.': '0 manta aswan hatun, 5000 kama yupayta qillqay.',
    '¿Qué días abre?': '¿Mayqin p\'unchawkunataq kicharin?',
    'Puede elegir varios.': 'Achkata akllayta atinki.',
    'Elija por lo menos un día.': 'Huk p\'unchawtapas akllay.',
    'Dónde está el negocio': 'Maypim negocio kachkan',
    'Escriba la calle y el número.': 'Calleta yupayninwan qillqay.',
    '¿Vende comida o bebida?': '¿Mikhunata utaq upyanata rantikunkichu?',
    'Como vende comida, una inspectora de salud visitará el local antes del permiso.':
        'Mikhunata rantikusqaykirayku, permisomanta ñawpaqta huk qhali kaypa inspectoran localta '
        'watukunqa.',
    'El permiso cuesta ${fee} pesos por año, para ${days_count} días de apertura por semana. Lo paga cuando se lo entreguemos.':
        'Permisoqa sapa wata ${fee} pesom, sapa semana ${days_count} p\'unchaw kicharinapaq. '
        'Qusqaykiku chaypim pagapunki.',
    'Almacén o tienda': 'Almacén utaq tienda',
    'Comida para llevar o restaurante': 'Apanapaq mikhuna utaq restaurante',
    'Peluquería o estética': 'Peluquería utaq estética',
    'Taller de arreglos': 'Allichana taller',
    'Ropa y calzado': 'P\'acha, usut\'a ima',
    'Otra actividad': 'Huk llamk\'ay',
    'CUIT (Argentina)': 'CUIT (Argentina)',
    'CNPJ (Brasil)': 'CNPJ (Brasil)',
    'RUT (Chile)': 'RUT (Chile)',
    'NIT (Colombia)': 'NIT (Colombia)',
    'RUC (Perú)': 'RUC (Perú)',
    'Todavía no tengo': 'Manaraqmi kapuwanchu',
    'Lunes': 'Killachaw',
    'Martes': 'Atichaw',
    'Miércoles': 'Quyllurchaw',
    'Jueves': 'Illapachaw',
    'Viernes': 'Ch\'askachaw',
    'Sábado': 'K\'uychichaw',
    'Domingo': 'Intichaw',

    # Street problem
    'Avisar un problema en la calle': 'Callepi sasachakuyta willay',
    'Un pozo, una luz apagada, basura: cuéntenos dónde y lo arreglamos.':
        'Huk t\'uqu, wañusqa k\'anchay, q\'upa: maypi kasqanta willawayku, allichasaqkum.',
    'Calles y barrio': 'Callekuna, barrio ima',
    '¿Qué problema hay?': '¿Ima sasachakuytaq kan?',
    '¿Qué pasa con la luz?': '¿Imataq k\'anchaywan pasan?',
    '¿Está saliendo agua ahora?': '¿Kunanchu yaku lluqsichkan?',
    'Si sale mucha agua, llame también al 0800 2482. Atienden todo el día.':
        'Achka yaku lluqsiptinqa, 0800 2482 yupaymanpas waqyay. Llapan p\'unchawmi uyarinku.',
    '¿No deja pasar a autos o personas?': '¿Autokunata utaq runakunata mana pasachinchu?',
    '¿Qué tan grave es?': '¿Hayk\'a hatuntaq sasachakuy?',
    '1 = poco grave. 5 = muy peligroso.': '1 = huch\'uylla. 5 = ancha manchakuypaq.',
    'Elija un número del 1 al 5.': '1 manta 5 kama huk yupayta akllay.',
    'Cuéntenos qué pasa': 'Imachus pasasqanta willawayku',
    'Si eligió «Otro problema», escriba cuál es.':
        '«Huk sasachakuy» nisqata akllarqanki chayqa, imachus kasqanta qillqay.',
    'Escriba cuál es el problema.': 'Ima sasachakuy kasqanta qillqay.',
    '¿Dónde está?': '¿Maypitaq kachkan?',
    'Calle y el número más cercano': 'Calle, aswan sichpa yupaywan',
    'Ejemplo: Rivera 1450, frente a la escuela.': 'Kay hina: Rivera 1450, yachay wasipa chimpanpi.',
    'Escriba dónde está el problema.': 'Maypi sasachakuy kasqanta qillqay.',
    'El lugar exacto (si quiere)': 'Chiqap maypi kasqan (munaspaqa)',
    'Si el problema está aquí mismo, toque «Aquí, en este quiosco». Puede seguir sin responder.':
        'Sasachakuy kaypi kaptinqa, «Aquí, en este quiosco» nisqata llamiy. Mana kutichispa qatiyta atinki.',
    'Una foto del problema (si quiere)': 'Sasachakuypa fotonta (munaspaqa)',
    'Ayuda a arreglarlo más rápido. Puede seguir sin foto.':
        'Usqhaylla allichanapaq yanapan. Mana fotoyuq qatiyta atinki.',
    '¿Quiere que le avisemos cuando esté arreglado?': '¿Allichasqaña kaptin willanaykuta munankichu?',
    'Si elige No, su aviso es anónimo.': '«Manam» nisqata akllaspaqa, mana sutiyuqmi willakuyniyki.',
    'Gracias. Con su aviso cuidamos el barrio entre todos.':
        'Sulpayki. Willakuykiwanmi llapanchik barriota qhawanchik.',
    'Pozo o calle rota': 'T\'uqu utaq p\'akisqa calle',
    'Luz de la calle': 'Callepa k\'anchaynin',
    'Basura': 'Q\'upa',
    'Pérdida de agua': 'Yaku suruy',
    'Árbol caído o peligroso': 'Urmasqa utaq manchakuypaq sach\'a',
    'Otro problema': 'Huk sasachakuy',
    'Está apagada de noche': 'Tutapi wañusqa kachkan',
    'Prende y se apaga': 'K\'anchan, wañuntaq',
    'Está prendida de día': 'P\'unchawpi k\'anchachkan',
}
