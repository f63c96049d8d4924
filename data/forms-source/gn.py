"""Paraguayan Guaraní (Avañe'ẽ, gn) for the demo services, keyed by the
Spanish source text.

Written for the demo without a native speaker, in the official alphabet
(with ẽ, g̃, ỹ and the puso '), with short sentences and the Spanish
loanwords of everyday Guaraní for offices and papers (certificado,
documento, permiso).  Have a native speaker review them before a
municipality uses the forms.  forms.py fails if a form offers `gn` and a
text has no entry here (proper names, written the same in every language,
need none).
"""

GN = {
    # Residence certificate
    'Certificado de residencia': 'Certificado reikohágui',
    'Un papel oficial que dice dónde vive. Necesita su documento de identidad.':
        'Kuatia oficial he\'íva mamópa reiko. Oñeikotevẽ nde documento.',
    'Documentos': 'Kuatiakuéra',
    'Le pediremos su nombre, su documento y su dirección. Tarda unos 3 minutos.':
        'Rojerúta ndéve nde réra, nde documento ha mamópa reiko. Ohupyty 3 minuto rupi.',
    '¿Cuál es su nombre completo?': 'Mba\'éichapa nde réra tee ha nde réra ypykue?',
    'Escríbalo como aparece en su documento.': 'Ehai nde documentope ojehaiháicha.',
    'Escriba el nombre para continuar.': 'Ehai téra ehasa hag̃ua.',
    'El nombre es muy corto. Escriba nombre y apellido.':
        'Téra mbykyeterei. Ehai nde réra ha nde réra ypykue.',
    '¿Qué documento de identidad tiene?': 'Mba\'e documentopa reguereko?',
    'Elija el país que dio su documento.': 'Eiporavo tetã ome\'ẽva ndéve nde documento.',
    'Elija una respuesta para continuar.': 'Eiporavo peteĩ mbohovái ehasa hag̃ua.',
    'Número de su documento': 'Nde documento papapy',
    'Cópielo de su documento. Puede escribir los puntos y guiones, o no.':
        'Ehai nde documentogui. Ikatu rehai umi kyguã ha guion, térã nahániri.',
    'Escriba el número de su documento.': 'Ehai nde documento papapy.',
    'Este número no parece correcto. Revise cada número en su documento y escríbalo de nuevo.':
        'Ko papapy ndojoguái iporãva. Ehecha jey peteĩteĩ papapy nde documentope ha ehai jey.',
    '¿Cuándo nació?': 'Araka\'épa reheñói?',
    'Día, mes y año.': 'Ára, jasy ha ary.',
    'Elija su fecha de nacimiento.': 'Eiporavo ára reheñói hague.',
    'Esa fecha no puede ser. Revise el año.': 'Upe ára ndaikatúi. Ehecha jey ary.',
    '¿Dónde vive?': 'Mamópa reiko?',
    '¿En qué municipio?': 'Mba\'e távapepa?',
    '¿En qué barrio?': 'Mba\'e tavapehẽmepa?',
    'Primero elija el municipio. Aquí aparecen sus barrios.':
        'Eiporavo raẽ táva. Ko\'ápe osẽta itavapehẽnguéra.',
    'Calle y número': 'Tape ha papapy',
    'Ejemplo: Av. Libertad 1234, apartamento 5.': 'Techapyrã: Av. Libertad 1234, apartamento 5.',
    'Escriba su calle y número.': 'Ehai nde rape ha papapy.',
    '¿Cuántos años hace que vive allí?': 'Mboy ary áma reiko upépe?',
    'Si es menos de un año, escriba 0.': 'Sa\'ive ramo peteĩ arygui, ehai 0.',
    'Escriba un número de años.': 'Ehai mboy ary.',
    'Escriba un número entre 0 y 120.': 'Ehai peteĩ papapy 0 guive 120 peve.',
    '¿Para qué necesita el certificado?': 'Mba\'erãpa reikotevẽ certificado?',
    'Cuéntenos para qué lo necesita': 'Emombe\'u oréve mba\'erãpa reikotevẽ',
    'Escriba para qué lo necesita.': 'Ehai mba\'erãpa reikotevẽ.',
    '¿Cómo quiere recibir el certificado?': 'Mba\'éichapa reipota rehupyty certificado?',
    'Su correo electrónico': 'Nde ñandutiveve (correo electrónico)',
    'Ejemplo: ana@correo.com': 'Techapyrã: ana@correo.com',
    'Escriba su correo para enviarle el certificado.':
        'Ehai nde ñandutiveve romondo hag̃ua ndéve certificado.',
    'Revise el correo: debe tener una @ y un punto, como ana@correo.com':
        'Ehecha jey ñandutiveve: oguerekova\'erã peteĩ @ ha peteĩ kyguã, ana@correo.com-icha',
    'Su teléfono (si quiere)': 'Nde pumbyry (reipotárõ)',
    'Le llamaremos solo si falta algo.': 'Rohenóita ndéve oĩ ramo mba\'e ofaltáva añoite.',
    'Escriba solo números, por ejemplo 099 123 456.': 'Ehai papapy añoite, techapyrã 099 123 456.',
    'Gracias, ${full_name}. Toque Continuar para revisar y enviar su pedido. El certificado estará listo en 3 días hábiles.':
        'Aguyje, ${full_name}. Epoko «Continuar». Certificado oĩta 3 ára tembiapo rire.',
    'Brasil – CPF': 'Brasil – CPF',
    'Chile – RUN': 'Chile – RUN',
    'Uruguay – Cédula de identidad': 'Uruguay – Cédula de identidad',
    'Argentina – CUIL': 'Argentina – CUIL',
    'México – CURP': 'México – CURP',
    'Otro documento o pasaporte': 'Ambue documento térã pasaporte',
    'Trabajo': 'Tembiapo',
    'Escuela o universidad': 'Mbo\'ehao térã mbo\'ehaovusu',
    'Banco o crédito': 'Banco térã crédito',
    'Salud': 'Tesãi',
    'Otra cosa': 'Ambue mba\'e',
    'Lo busco en la municipalidad': 'Aheka municipalidad-pe',
    'Por correo electrónico': 'Ñandutiveve rupive',

    # Birth registration appointment
    'Turno para inscribir un nacimiento': 'Turno oñemboheraguapy hag̃ua peteĩ heñóiva',
    'Elija el día para inscribir a su bebé en el Registro Civil.':
        'Eiporavo ára remboheraguapy hag̃ua nde mitã\'i Registro Civil-pe.',
    'Registro civil': 'Registro civil',
    'Inscribir a su bebé es gratis. Aquí elige el día para ir al Registro Civil.':
        'Nde mitã\'i ñemboheraguapy ndahepyi. Ko\'ápe eiporavo ára reho hag̃ua Registro Civil-pe.',
    'Sobre usted': 'Nde rehegua',
    'Su nombre completo': 'Nde réra tee ha nde réra ypykue',
    '¿Qué es usted del bebé?': 'Mba\'épa nde mitã\'ípe g̃uarã?',
    'Traiga el papel del juzgado que dice que usted cuida al bebé.':
        'Egueru juzgado kuatia he\'íva nde reñangarekoha mitã\'ire.',
    'Su número de teléfono': 'Nde pumbyry papapy',
    'Le enviaremos un mensaje para recordarle el turno.':
        'Romondóta ndéve peteĩ marandu nemandu\'a hag̃ua turno rehe.',
    'Escriba un teléfono para poder avisarle.': 'Ehai peteĩ pumbyry romomarandu hag̃ua ndéve.',
    'Sobre el bebé': 'Mitã\'i rehegua',
    '¿Cuándo nació el bebé?': 'Araka\'épa heñói mitã\'i?',
    'Elija el día en que nació.': 'Eiporavo ára heñói hague.',
    'Esa fecha todavía no llegó. Revise el día, el mes y el año.':
        'Upe ára ndoguahẽi gueteri. Ehecha jey ára, jasy ha ary.',
    '¿Ya eligieron el nombre?': 'Peiporavómapa héra?',
    'Nombre del bebé': 'Mitã\'i réra',
    'Nombres y apellidos. Podrá cambiarlos en el Registro Civil.':
        'Téra ha téra ypykue. Ikatúta emoambue Registro Civil-pe.',
    '¿Dónde nació el bebé?': 'Mamópa heñói mitã\'i?',
    '¿Tiene el papel de nacimiento del hospital?': 'Reguerekópa tasyo kuatia heñói haguére?',
    'Se llama «certificado de nacido vivo». Se lo dan en el hospital.':
        'Héra «certificado de nacido vivo». Ome\'ẽ ndéve tasyópe.',
    'El bebé nació hace ${days_since_birth} días. Después de 60 días, traiga también a dos testigos con su documento.':
        'Mitã\'i heñói ${days_since_birth} ára ohasáma. 60 ára rire, egueru avei mokõi testigo '
        'idocumento reheve.',
    'Sin el papel del hospital, traiga a dos testigos del nacimiento con su documento.':
        'Ndereguerekói ramo tasyo kuatia, egueru mokõi testigo ohecha va\'ekue heñói, idocumento '
        'reheve.',
    'Su turno': 'Nde turno',
    '¿Qué día quiere venir?': 'Mba\'e árapa reipota reju?',
    'De lunes a viernes, desde hoy hasta dentro de 60 días.':
        'Arateĩ guive arapo peve, ko áragui 60 ára peve.',
    'Elija un día.': 'Eiporavo peteĩ ára.',
    'Elija un día de lunes a viernes, desde hoy hasta dentro de 60 días.':
        'Eiporavo peteĩ ára arateĩ guive arapo peve, ko áragui 60 ára peve.',
    '¿A qué hora?': 'Mba\'e aravópe?',
    'Su turno: el ${appointment_day}, ${time_label}. Traiga su documento y el del otro padre o madre.':
        'Nde turno: ${appointment_day}, ${time_label}. Egueru nde documento ha ambue túva térã sy '
        'documento.',
    'Madre': 'Sy',
    'Padre': 'Túva',
    'Otra persona que lo cuida': 'Ambue tapicha oñangarekóva hese',
    'Sí': 'Héẽ',
    'No': 'Nahániri',
    'En un hospital o clínica': 'Tasyo térã clínica-pe',
    'En casa': 'Ógape',
    'En otro lugar': 'Ambue hendápe',
    'de mañana (8 a 12 h)': 'pyhareve (8 guive 12 peve)',
    'de tarde (13 a 16 h)': 'ka\'aru (13 guive 16 peve)',

    # Household benefit
    'Ayuda social para el hogar': 'Pytyvõ ógape g̃uarã',
    'Vea si su hogar puede recibir la ayuda mensual, y pídala.':
        'Ehecha nde rógape ikatúpa ohupyty pytyvõ jasyoguive, ha ejerure.',
    'Ayudas sociales': 'Pytyvõkuéra',
    'Le preguntaremos quiénes viven en su casa y cuánto dinero reciben. Así vemos si pueden recibir la ayuda.':
        'Roporandúta máva másepa oiko nde rógape ha mboy pirapirépa ohupyty. Upéicha rohecha '
        'ikatúpa pehupyty pytyvõ.',
    'Su dirección': 'Mamópa reiko',
    'Calle, número y barrio.': 'Tape, papapy ha tavapehẽ.',
    'Escriba su dirección.': 'Ehai mamópa reiko.',
    '¿Cuántas personas viven en su casa, contándose usted?':
        'Mboy tapichápa oiko nde rógape, nde avei?',
    'Cuente a todos los que duermen y comen en la casa.':
        'Eipapa opavave oke ha okaruvape ógape.',
    'Escriba cuántas personas son.': 'Ehai mboy tapichápa.',
    'Escriba un número entre 1 y 20.': 'Ehai peteĩ papapy 1 guive 20 peve.',
    'Persona': 'Tapicha',
    'Nombre': 'Téra',
    'Empiece por usted.': 'Eñepyrũ nde reheve.',
    'Edad': 'Ary',
    'En años. Para un bebé de menos de un año, escriba 0.':
        'Ary rupi. Mitã\'i oguerekóva sa\'ive peteĩ arygui, ehai 0.',
    'Escriba la edad.': 'Ehai mboy ary oguereko.',
    'Escriba una edad entre 0 y 120.': 'Ehai peteĩ ary 0 guive 120 peve.',
    '¿Qué es de usted?': 'Mba\'épa ndéve g̃uarã?',
    '¿Recibe dinero todos los meses?': 'Ohupytýpa pirapire opa jasy?',
    'Sueldo, changas, jubilación, pensión u otra ayuda.':
        'Sueldo, changa, jubilación, pensión térã ambue pytyvõ.',
    '¿Cuánto dinero recibe por mes?': 'Mboy pirapirépa ohupyty jasy ñavõ?',
    'En pesos. Si cambia, escriba lo de un mes normal.':
        'Peso-pe. Iñambue ramo, ehai peteĩ jasy jepiguáicha.',
    'Escriba un monto. Si no sabe, escriba uno aproximado.':
        'Ehai mboýpa. Ndereikuaái ramo, ehai hi\'aguĩva.',
    'Escriba solo números, sin puntos ni letras. Por ejemplo: 25000':
        'Ehai papapy añoite, kyguã ha letra\'ỹre. Techapyrã: 25000',
    '¿Tiene alguna discapacidad?': 'Oguerekópa discapacidad?',
    'En su casa viven ${household_size} personas y reciben ${total_income} pesos por mes: ${per_capita} por persona. Pueden recibir la ayuda. Toque Continuar para revisar y enviar el pedido.':
        'Nde rógape oiko ${household_size} tapicha ha ohupyty ${total_income} peso jasy ñavõ: '
        '${per_capita} peteĩteĩme. Ikatu pehupyty pytyvõ. Epoko «Continuar» rejerure hag̃ua.',
    'En su casa viven ${household_size} personas y reciben ${per_capita} pesos por persona por mes. Es más que el límite de la ayuda. Igual puede enviar el pedido: una trabajadora social lo revisará.':
        'Nde rógape oiko ${household_size} tapicha ha ohupyty ${per_capita} peso peteĩteĩ jasy ñavõ. '
        'Hetave pytyvõ límite-gui. Upéicharõ jepe ikatu remondo nde jerure: peteĩ trabajadora '
        'social ohecháta.',
    '¿Acepta que una trabajadora social visite su casa?':
        'Remoneĩpa peteĩ trabajadora social ou hag̃ua nde rógape?',
    'La visita es necesaria para dar la ayuda. Le llamaremos antes.':
        'Oñeikotevẽ ko jeho oñeme\'ẽ hag̃ua pytyvõ. Rohenóita ndéve raẽ.',
    'Sin la visita no podemos dar la ayuda. Puede enviar el pedido igual y hablar con la oficina.':
        'Jeho\'ỹre ndaikatúi rome\'ẽ pytyvõ. Ikatu remondo nde jerure ha eñe\'ẽ oficina ndive.',
    'Soy yo': 'Che hína',
    'Pareja': 'Che rembireko térã che ména',
    'Hijo o hija': 'Che ra\'y térã che rajy',
    'Madre o padre': 'Che sy térã che ru',
    'Otro familiar': 'Ambue ñemoñare',
    'Otra persona': 'Ambue tapicha',

    # Business permit
    'Permiso para un pequeño comercio': 'Permiso ñemuha michĩme g̃uarã',
    'Pida el permiso para abrir o seguir con su negocio en el barrio.':
        'Ejerure permiso reipe\'a térã resegui hag̃ua nde negocio tavapehẽme.',
    'Comercio': 'Ñemu',
    'Quién pide el permiso': 'Máva ojerure permiso',
    'El negocio': 'Negocio',
    'Nombre del negocio': 'Negocio réra',
    'El que ve la gente en la puerta. Si no tiene, escriba su nombre.':
        'Tapichakuéra ohecháva okẽme. Ndoguerekói ramo, ehai nde réra.',
    '¿Qué hace el negocio?': 'Mba\'épa ojapo negocio?',
    'Cuéntenos qué hace el negocio': 'Emombe\'u oréve mba\'épa ojapo negocio',
    'Escriba qué hace el negocio.': 'Ehai mba\'épa ojapo negocio.',
    '¿Qué número de contribuyente tiene?': 'Mba\'e contribuyente papapýpa reguereko?',
    'Si todavía no tiene, elija «Todavía no tengo».':
        'Ndereguerekói gueteri ramo, eiporavo «Ndarekói gueteri».',
    'Número de contribuyente': 'Contribuyente papapy',
    'Está en su constancia de inscripción. Puede escribir los puntos y guiones, o no.':
        'Oĩ nde constancia de inscripción-pe. Ikatu rehai umi kyguã ha guion, térã nahániri.',
    'Escriba el número.': 'Ehai papapy.',
    'Este número no parece correcto. Revise cada número en su constancia.':
        'Ko papapy ndojoguái iporãva. Ehecha jey peteĩteĩ papapy nde constancia-pe.',
    'Puede pedir el permiso igual. En la oficina le ayudamos a inscribirse.':
        'Upéicharõ jepe ikatu rejerure permiso. Oficina-pe roipytyvõta ndéve reñemboheraguapy hag̃ua.',
    '¿Cuántas personas trabajan allí, contándose usted?':
        'Mboy tapichápa omba\'apo upépe, nde avei?',
    'Escriba cuántas personas.': 'Ehai mboy tapicha.',
    'Escriba un número entre 1 y 500.': 'Ehai peteĩ papapy 1 guive 500 peve.',
    '¿Cuántos metros cuadrados tiene el local?': 'Mboy metro cuadrado oguereko local?',
    'Largo por ancho. Un local de 5 por 8 metros tiene 40.':
        'Ipukukue ha ipekue. Peteĩ local 5 ha 8 metro oguereko 40.',
    'Escriba los metros cuadrados.': 'Ehai metro cuadrado.',
    'Escriba un número mayor que 0 y de hasta 5000.': 'Ehai peteĩ papapy tuichavéva 0-gui ha 5000 peve.',
    '¿Qué días abre?': 'Mba\'e árapa ojepe\'a?',
    'Puede elegir varios.': 'Ikatu eiporavo heta.',
    'Elija por lo menos un día.': 'Eiporavo peteĩ ára sa\'ivéramo.',
    'Dónde está el negocio': 'Moõpa oĩ negocio',
    'Escriba la calle y el número.': 'Ehai tape ha papapy.',
    '¿Vende comida o bebida?': 'Revendépa tembi\'u térã mba\'e ojey\'úva?',
    'Como vende comida, una inspectora de salud visitará el local antes del permiso.':
        'Revende rupi tembi\'u, peteĩ inspectora tesãi rehegua ohecháta local permiso mboyve.',
    'El permiso cuesta ${fee} pesos por año, para ${days_count} días de apertura por semana. Lo paga cuando se lo entreguemos.':
        'Permiso hepy ${fee} peso ary ñavõ, ${days_count} ára ojepe\'a hag̃ua arapokõindy ñavõ. '
        'Rehepyme\'ẽta rome\'ẽ vove ndéve.',
    'Almacén o tienda': 'Almacén térã tienda',
    'Comida para llevar o restaurante': 'Tembi\'u ojegueraha hag̃ua térã restaurante',
    'Peluquería o estética': 'Peluquería térã estética',
    'Taller de arreglos': 'Taller mba\'e ñemyatyrõ',
    'Ropa y calzado': 'Ao ha sapatu',
    'Otra actividad': 'Ambue tembiapo',
    'CUIT (Argentina)': 'CUIT (Argentina)',
    'CNPJ (Brasil)': 'CNPJ (Brasil)',
    'RUT (Chile)': 'RUT (Chile)',
    'NIT (Colombia)': 'NIT (Colombia)',
    'RUC (Perú)': 'RUC (Perú)',
    'Todavía no tengo': 'Ndarekói gueteri',
    'Lunes': 'Arateĩ',
    'Martes': 'Arakõi',
    'Miércoles': 'Araapy',
    'Jueves': 'Ararundy',
    'Viernes': 'Arapo',
    'Sábado': 'Arapoteĩ',
    'Domingo': 'Arapokõi',

    # Street problem
    'Avisar un problema en la calle': 'Emomarandu peteĩ apañuái tapére',
    'Un pozo, una luz apagada, basura: cuéntenos dónde y lo arreglamos.':
        'Peteĩ ykua, tesape oguéva, yty: emombe\'u oréve moõpa ha romyatyrõta.',
    'Calles y barrio': 'Tape ha tavapehẽ',
    '¿Qué problema hay?': 'Mba\'e apañuáipa oĩ?',
    '¿Qué pasa con la luz?': 'Mba\'épa ojehu tesape ndive?',
    '¿Está saliendo agua ahora?': 'Osẽpa y ko\'ág̃a?',
    'Si sale mucha agua, llame también al 0800 2482. Atienden todo el día.':
        'Osẽ ramo heta y, ehenói avei 0800 2482-pe. Ombohovái ára pukukue.',
    '¿No deja pasar a autos o personas?': 'Ndohejáipa ohasa auto térã tapichakuéra?',
    '¿Qué tan grave es?': 'Mba\'éichapa ivaieterei?',
    '1 = poco grave. 5 = muy peligroso.': '1 = ivai\'imi. 5 = ipeligrosoiterei.',
    'Elija un número del 1 al 5.': 'Eiporavo peteĩ papapy 1 guive 5 peve.',
    'Cuéntenos qué pasa': 'Emombe\'u oréve mba\'épa ojehu',
    'Si eligió «Otro problema», escriba cuál es.':
        'Reiporavo ramo «Ambue apañuái», ehai mba\'épa.',
    'Escriba cuál es el problema.': 'Ehai mba\'épa apañuái.',
    '¿Dónde está?': 'Moõpa oĩ?',
    'Calle y el número más cercano': 'Tape ha papapy hi\'aguĩvéva',
    'Ejemplo: Rivera 1450, frente a la escuela.': 'Techapyrã: Rivera 1450, mbo\'ehao rovái.',
    'Escriba dónde está el problema.': 'Ehai moõpa oĩ apañuái.',
    'El lugar exacto (si quiere)': 'Tenda añetegua (reipotárõ)',
    'Si el problema está aquí mismo, toque «Aquí, en este quiosco». Puede seguir sin responder.':
        'Apañuái oĩ ramo ko\'ápe, epoko «Aquí, en este quiosco» rehe. Ikatu rehasa nderembohováiri.',
    'Una foto del problema (si quiere)': 'Peteĩ ta\'ãnga apañuáigui (reipotárõ)',
    'Ayuda a arreglarlo más rápido. Puede seguir sin foto.':
        'Oipytyvõ oñemyatyrõ pya\'eve hag̃ua. Ikatu rehasa ta\'ãnga\'ỹre.',
    '¿Quiere que le avisemos cuando esté arreglado?': 'Reipotápa romomarandu ndéve oñemyatyrõ vove?',
    'Si elige No, su aviso es anónimo.': 'Reiporavo ramo Nahániri, nde marandu ndoguerekomo\'ãi téra.',
    'Gracias. Con su aviso cuidamos el barrio entre todos.':
        'Aguyje. Nde marandu reheve ñañangareko tavapehẽre opavave.',
    'Pozo o calle rota': 'Ykua térã tape oñembyaíva',
    'Luz de la calle': 'Tape tesape',
    'Basura': 'Yty',
    'Pérdida de agua': 'Y osyryha',
    'Árbol caído o peligroso': 'Yvyra ho\'áva térã kyhyjeha',
    'Otro problema': 'Ambue apañuái',
    'Está apagada de noche': 'Oguepa pyharekue',
    'Prende y se apaga': 'Hendy ha ogue',
    'Está prendida de día': 'Hendy ára pukukue',
}
