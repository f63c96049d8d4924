"""Haitian Creole (Kreyòl ayisyen) for the demo services whose rows in
forms.py give no `ht` text, keyed by the Spanish source text.

These were written for the demo by a non-native speaker, in the official
orthography and with short sentences; have a native speaker review them
before a municipality uses the forms.  forms.py fails if a form offers `ht`
and a text has neither an inline `ht` nor an entry here.
"""

HT = {
    # Birth registration appointment
    'Turno para inscribir un nacimiento': 'Randevou pou deklare yon nesans',
    'Elija el día para inscribir a su bebé en el Registro Civil.':
        'Chwazi jou pou w deklare tibebe w nan Leta sivil.',
    'Registro civil': 'Leta sivil',
    'Inscribir a su bebé es gratis. Aquí elige el día para ir al Registro Civil.':
        'Deklare tibebe w se gratis. Isit la ou chwazi jou pou w ale nan Leta sivil.',
    'Sobre usted': 'Sou ou menm',
    'Su nombre completo': 'Non konplè ou',
    '¿Qué es usted del bebé?': 'Kisa ou ye pou tibebe a?',
    'Traiga el papel del juzgado que dice que usted cuida al bebé.':
        'Pote papye tribinal la ki di se ou ki okipe tibebe a.',
    'Le enviaremos un mensaje para recordarle el turno.':
        'N ap voye yon mesaj pou fè w sonje randevou a.',
    'Sobre el bebé': 'Sou tibebe a',
    '¿Cuándo nació el bebé?': 'Ki lè tibebe a fèt?',
    'Elija el día en que nació.': 'Chwazi jou li te fèt la.',
    'Esa fecha todavía no llegó. Revise el día, el mes y el año.':
        'Dat sa a poko rive. Verifye jou a, mwa a ak ane a.',
    '¿Ya eligieron el nombre?': 'Èske nou deja chwazi non an?',
    'Nombre del bebé': 'Non tibebe a',
    'Nombres y apellidos. Podrá cambiarlos en el Registro Civil.':
        'Non ak siyati. Ou ka chanje yo nan Leta sivil.',
    '¿Dónde nació el bebé?': 'Ki kote tibebe a fèt?',
    '¿Tiene el papel de nacimiento del hospital?': 'Èske ou gen papye nesans lopital la?',
    'Se llama «certificado de nacido vivo». Se lo dan en el hospital.':
        'Yo rele l «sètifika nesans vivan». Se lopital la ki ba ou li.',
    'El bebé nació hace ${days_since_birth} días. Después de 60 días, traiga también a dos testigos con su documento.':
        'Tibebe a fèt sa gen ${days_since_birth} jou. Apre 60 jou, pote de temwen tou ak kat idantite yo.',
    'Sin el papel del hospital, traiga a dos testigos del nacimiento con su documento.':
        'Si ou pa gen papye lopital la, pote de temwen nesans lan ak kat idantite yo.',
    'Su turno': 'Randevou ou',
    '¿Qué día quiere venir?': 'Ki jou ou vle vini?',
    'De lunes a viernes, desde hoy hasta dentro de 60 días.':
        'Soti lendi rive vandredi, depi jodi a jouk nan 60 jou.',
    'Elija un día.': 'Chwazi yon jou.',
    'Elija un día de lunes a viernes, desde hoy hasta dentro de 60 días.':
        'Chwazi yon jou ant lendi ak vandredi, depi jodi a jouk nan 60 jou.',
    '¿A qué hora?': 'A ki lè?',
    'Su turno: el ${appointment_day}, ${time_label}. Traiga su documento y el del otro padre o madre.':
        'Randevou ou: ${appointment_day}, ${time_label}. Pote kat idantite ou ak pa lòt paran an.',
    'Madre': 'Manman',
    'Padre': 'Papa',
    'Otra persona que lo cuida': 'Yon lòt moun ki okipe l',
    'En un hospital o clínica': 'Nan yon lopital oswa yon klinik',
    'En casa': 'Lakay',
    'En otro lugar': 'Yon lòt kote',
    'de mañana (8 a 12 h)': 'nan maten (8è rive 12è)',
    'de tarde (13 a 16 h)': 'nan apremidi (1è rive 4è)',

    # Household social benefit
    'Ayuda social para el hogar': 'Èd sosyal pou fanmi an',
    'Vea si su hogar puede recibir la ayuda mensual, y pídala.':
        'Gade si fanmi ou ka resevwa èd chak mwa a, epi mande l.',
    'Ayudas sociales': 'Èd sosyal',
    'Le preguntaremos quiénes viven en su casa y cuánto dinero reciben. Así vemos si pueden recibir la ayuda.':
        'Nou pral mande ki moun ki rete lakay ou ak konbyen kòb yo resevwa. Konsa n ap wè si nou ka resevwa èd la.',
    'Su dirección': 'Adrès ou',
    'Calle, número y barrio.': 'Lari, nimewo ak katye.',
    'Escriba su dirección.': 'Ekri adrès ou.',
    '¿Cuántas personas viven en su casa, contándose usted?':
        'Konbyen moun ki rete lakay ou, avè w ladan l?',
    'Cuente a todos los que duermen y comen en la casa.':
        'Konte tout moun ki dòmi epi manje nan kay la.',
    'Escriba cuántas personas son.': 'Ekri konbyen moun yo ye.',
    'Escriba un número entre 1 y 20.': 'Ekri yon chif ant 1 ak 20.',
    'Persona': 'Moun',
    'Nombre': 'Non',
    'Empiece por usted.': 'Kòmanse ak ou menm.',
    'Edad': 'Laj',
    'En años. Para un bebé de menos de un año, escriba 0.':
        'An ane. Pou yon tibebe ki poko gen yon ane, ekri 0.',
    'Escriba la edad.': 'Ekri laj la.',
    'Escriba una edad entre 0 y 120.': 'Ekri yon laj ant 0 ak 120.',
    '¿Qué es de usted?': 'Kisa moun sa a ye pou ou?',
    '¿Recibe dinero todos los meses?': 'Èske moun sa a resevwa kòb chak mwa?',
    'Sueldo, changas, jubilación, pensión u otra ayuda.':
        'Salè, ti djòb, pansyon retrèt oswa yon lòt èd.',
    '¿Cuánto dinero recibe por mes?': 'Konbyen kòb li resevwa chak mwa?',
    'En pesos. Si cambia, escriba lo de un mes normal.':
        'An peso. Si sa chanje, ekri sa l resevwa nan yon mwa nòmal.',
    'Escriba un monto. Si no sabe, escriba uno aproximado.':
        'Ekri yon kantite. Si ou pa konnen, ekri apeprè.',
    'Escriba solo números, sin puntos ni letras. Por ejemplo: 25000':
        'Ekri sèlman chif, san pwen ni lèt. Pa egzanp: 25000',
    '¿Tiene alguna discapacidad?': 'Èske moun sa a gen yon andikap?',
    'En su casa viven ${household_size} personas y reciben ${total_income} pesos por mes: ${per_capita} por persona. Pueden recibir la ayuda. Toque Continuar para revisar y enviar el pedido.':
        '${household_size} moun rete lakay ou epi yo resevwa ${total_income} peso chak mwa: ${per_capita} pou chak moun. Nou ka resevwa èd la. Touche Kontinye pou verifye epi voye demann lan.',
    'En su casa viven ${household_size} personas y reciben ${per_capita} pesos por persona por mes. Es más que el límite de la ayuda. Igual puede enviar el pedido: una trabajadora social lo revisará.':
        '${household_size} moun rete lakay ou epi yo resevwa ${per_capita} peso pou chak moun chak mwa. Sa depase limit èd la. Ou ka voye demann lan kanmenm: yon asistan sosyal ap egzamine l.',
    '¿Acepta que una trabajadora social visite su casa?':
        'Èske ou dakò pou yon asistan sosyal vizite lakay ou?',
    'La visita es necesaria para dar la ayuda. Le llamaremos antes.':
        'Nou bezwen vizit la pou n bay èd la. N ap rele ou anvan.',
    'Sin la visita no podemos dar la ayuda. Puede enviar el pedido igual y hablar con la oficina.':
        'San vizit la nou pa ka bay èd la. Ou ka voye demann lan kanmenm epi pale ak biwo a.',
    'Soy yo': 'Se mwen',
    'Pareja': 'Mari oswa madanm',
    'Hijo o hija': 'Pitit gason oswa pitit fi',
    'Madre o padre': 'Manman oswa papa',
    'Otro familiar': 'Yon lòt fanmi',
    'Otra persona': 'Yon lòt moun',

    # Small business permit
    'Permiso para un pequeño comercio': 'Pèmi pou yon ti biznis',
    'Pida el permiso para abrir o seguir con su negocio en el barrio.':
        'Mande pèmi pou louvri oswa kontinye biznis ou nan katye a.',
    'Comercio': 'Komès',
    'Quién pide el permiso': 'Ki moun ki mande pèmi a',
    'El negocio': 'Biznis la',
    'Nombre del negocio': 'Non biznis la',
    'El que ve la gente en la puerta. Si no tiene, escriba su nombre.':
        'Non ki ekri sou pòt la. Si pa genyen, ekri non pa w.',
    '¿Qué hace el negocio?': 'Kisa biznis la fè?',
    'Cuéntenos qué hace el negocio': 'Di nou kisa biznis la fè',
    'Escriba qué hace el negocio.': 'Ekri kisa biznis la fè.',
    '¿Qué número de contribuyente tiene?': 'Ki nimewo kontribyab ou genyen?',
    'Si todavía no tiene, elija «Todavía no tengo».':
        'Si ou poko genyen, chwazi «Mwen poko genyen».',
    'Número de contribuyente': 'Nimewo kontribyab',
    'Está en su constancia de inscripción. Puede escribir los puntos y guiones, o no.':
        'Li ekri sou papye enskripsyon ou. Ou ka mete pwen ak tirè yo, oswa non.',
    'Escriba el número.': 'Ekri nimewo a.',
    'Este número no parece correcto. Revise cada número en su constancia.':
        'Nimewo sa a pa sanble bon. Verifye chak chif sou papye enskripsyon ou.',
    'Puede pedir el permiso igual. En la oficina le ayudamos a inscribirse.':
        'Ou ka mande pèmi a kanmenm. Nan biwo a n ap ede w enskri.',
    '¿Cuántas personas trabajan allí, contándose usted?':
        'Konbyen moun ki travay la, avè w ladan l?',
    'Escriba cuántas personas.': 'Ekri konbyen moun.',
    'Escriba un número entre 1 y 500.': 'Ekri yon chif ant 1 ak 500.',
    '¿Cuántos metros cuadrados tiene el local?': 'Konbyen mèt kare lokal la genyen?',
    'Largo por ancho. Un local de 5 por 8 metros tiene 40.':
        'Longè fwa lajè. Yon lokal 5 sou 8 mèt genyen 40.',
    'Escriba los metros cuadrados.': 'Ekri kantite mèt kare yo.',
    'Escriba un número mayor que 0 y de hasta 5000.':
        'Ekri yon chif ki pi gran pase 0 epi ki pa depase 5000.',
    '¿Qué días abre?': 'Ki jou li louvri?',
    'Puede elegir varios.': 'Ou ka chwazi plizyè.',
    'Elija por lo menos un día.': 'Chwazi omwen yon jou.',
    'Dónde está el negocio': 'Ki kote biznis la ye',
    'Calle y número': 'Lari ak nimewo',
    'Escriba la calle y el número.': 'Ekri lari a ak nimewo a.',
    '¿Vende comida o bebida?': 'Èske ou vann manje oswa bwason?',
    'Como vende comida, una inspectora de salud visitará el local antes del permiso.':
        'Paske ou vann manje, yon enspektè sante ap vizite lokal la anvan pèmi a.',
    'El permiso cuesta ${fee} pesos por año, para ${days_count} días de apertura por semana. Lo paga cuando se lo entreguemos.':
        'Pèmi a koute ${fee} peso pa ane, pou ${days_count} jou louvri pa semèn. Ou peye l lè nou remèt ou li.',
    'Almacén o tienda': 'Boutik',
    'Comida para llevar o restaurante': 'Manje pou pote ale oswa restoran',
    'Peluquería o estética': 'Kwafè oswa salon bote',
    'Taller de arreglos': 'Atelye reparasyon',
    'Ropa y calzado': 'Rad ak soulye',
    'Otra actividad': 'Yon lòt aktivite',
    'CUIT (Argentina)': 'CUIT (Ajantin)',
    'CNPJ (Brasil)': 'CNPJ (Brezil)',
    'RUT (Chile)': 'RUT (Chili)',
    'NIT (Colombia)': 'NIT (Kolonbi)',
    'RUC (Perú)': 'RUC (Pewou)',
    'Todavía no tengo': 'Mwen poko genyen',
    'Lunes': 'Lendi',
    'Martes': 'Madi',
    'Miércoles': 'Mèkredi',
    'Jueves': 'Jedi',
    'Viernes': 'Vandredi',
    'Sábado': 'Samdi',
    'Domingo': 'Dimanch',
}
