# La interfaz del sitio en español de América Latina, en el registro de un servicio público
# (usted), para residentes de Estados Unidos: fechas y números como en es-US ("36,542",
# "6:30 p.m."). Tiene los mismos identificadores que en.ftl (una prueba lo comprueba).
# Los nombres de lugares y organizaciones no se traducen.

## El idioma mismo, como lo nombra el selector de idioma (en su propio idioma)
language-name = Español
languages-label = Idiomas

## Todas las páginas
skip-link = Saltar al contenido principal
banner-label = Sitio web oficial de { $city }
banner-text = Un sitio web oficial de { $city }
nav-label = Principal
breadcrumbs-label = Ruta de navegación
feed-link-title = Noticias de { $program }
calendar-link-title = Eventos de { $program }
untranslated-note = Este texto aún no está traducido.
and = y
continued = (continuación)
sources-heading = Fuentes
last-reviewed = Última revisión:

## Pie de página
footer-contact = Contacto
footer-get-involved = Cómo participar
footer-member-of = Miembro de { $organization }.
footer-about-label = Acerca de este sitio web
contact-phone = Teléfono:
contact-email = Correo electrónico:
contact-website = Sitio web:
city-website = Sitio web de { $city }

## Listas en varias páginas
pagination-previous = Anterior
pagination-previous-hidden = {" "}(página)
pagination-next = Siguiente
pagination-next-hidden = {" "}(página)
pagination-page-hidden = Página{" "}
page-title = { $heading }, página { $number } de { $total }
page-crumb = Página { $number }
page-of-total = , página { $number } de { $total }
page-n-of-total = página { $number } de { $total }

## Fechas, horas y números
date-on-day = el { $date }
date-in-month = en { $date }
date-in-year = en { $date }
date-today = hoy, { $date }
days-span = del { $first } al { $last }
time-span-same-day = { $date }, de { $start } a { $end } { $zone }
time-span-days = del { $start-date }, { $start } { $start-zone }, al { $end-date }, { $end } { $end-zone }
event-home-time = En { $home }: { $time }
ordinal = { $n }.º
distance = { $km } km ({ $miles } millas)
count-events = { $count ->
    [one] { $count } evento
   *[other] { $count } eventos
}
count-hours = { $count ->
    [one] { $count } hora
   *[other] { $count } horas
}
count-minutes = { $count ->
    [one] { $count } minuto
   *[other] { $count } minutos
}
duration-hours-minutes = { $hours } y { $minutes }
time-same = La misma hora que en { $home }
time-ahead = { $duration } más que en { $home }
time-behind = { $duration } menos que en { $home }
time-range-ahead = A lo largo del año, la diferencia es de entre { $from } y { $to } más que en { $home }, según empieza y termina el horario de verano.
time-range-behind = A lo largo del año, la diferencia es de entre { $from } y { $to } menos que en { $home }, según empieza y termina el horario de verano.
time-range-across = A lo largo del año, la diferencia va de { $from } menos a { $to } más que en { $home }, según empieza y termina el horario de verano.
zone-central = hora central
zone-central-mexico-city = hora central (Ciudad de México)
zone-japan = hora estándar de Japón
zone-central-european = hora de Europa central
zone-utc = tiempo universal coordinado
zone-city = hora de { $city }

## La página de inicio
home-description = { $city } y sus ciudades hermanas: { $names }.
home-description-more = { $city } y sus { $count } ciudades hermanas, empezando por las más antiguas: { $names }.
home-more-cities = { $city } tiene { $count } ciudades hermanas.
home-oldest-cards = Estas son las { $count } más antiguas.
home-all-cities = Las { $count } ciudades hermanas, por país
home-open-data = La lista de ciudades hermanas también se publica como datos abiertos:
open-data-csv = ciudades hermanas en CSV
open-data-json = ciudades hermanas en JSON
home-attribution = { $city } es miembro de { $organization }. La descripción, la misión y los objetivos que siguen son palabras de { $organization }.
upcoming-events = Próximos eventos
home-no-events = Por ahora no hay eventos programados.
home-all-events = Todos los eventos y aniversarios de hermanamiento
sister-city-since = Ciudad hermana desde
a-sister-city-since = ciudad hermana desde
distance-from = A { $distance } de { $city }

## El mapa
map-title = { $city } y sus ciudades hermanas en un mapa del mundo
map-caption = { $city } (en rojo) y sus ciudades hermanas, numeradas como en la lista, unidas por las rutas más cortas sobre el globo. Contornos de tierra: Natural Earth (dominio público).
map-caption-more = { $city } (en rojo), sus { $count } hermanamientos más antiguos, numerados como en la lista, unidos por las rutas más cortas sobre el globo, y sus demás ciudades hermanas (puntos pequeños). Contornos de tierra: Natural Earth (dominio público).
map-numbered = numeradas como en la lista de ciudades hermanas: { $names }
map-description = Un mapa del mundo que marca { $home } y { $count ->
    [one] su ciudad hermana
   *[other] sus { $count } ciudades hermanas
}, { $numbered }. Cada una está unida a { $home } por una línea que sigue la ruta más corta sobre el globo.
map-description-more = Un mapa del mundo que marca { $home } y sus { $total } ciudades hermanas. Los { $count } hermanamientos más antiguos están { $numbered }; cada uno está unido a { $home } por una línea que sigue la ruta más corta sobre el globo. Las otras { $others } son puntos pequeños; el directorio de todas las ciudades hermanas las incluye a todas.

## El directorio de ciudades hermanas
cities-heading = Todas las ciudades hermanas
cities-pages-label = Páginas del directorio
cities-description = Todas las ciudades hermanas de { $city }: { $total } hermanamientos en { $countries ->
    [one] { $countries } país
   *[other] { $countries } países
}, por país{ $page }.
cities-lead = { $city } tiene { $total } ciudades hermanas en { $countries ->
    [one] { $countries } país
   *[other] { $countries } países
}, que se presentan aquí por país.
cities-lead-page = Las { $total } ciudades hermanas de { $city } por país: { $page }.
cities-open-data = También se publican como datos abiertos:
cities-countries = Países

## La página de una ciudad hermana
city-facts = Datos principales
city-country = País
city-region = Región
city-native-name = Nombre en el idioma local
city-population = Población
population-census = { $count } ({ $year })
population-estimate = { $count } (estimación de { $year })
city-distance = Distancia desde { $city }
city-distance-value = { $distance }, por la ruta más corta sobre el globo
city-local-time = Hora local
city-local-time-home = en { $city }
city-time-difference = Diferencia de hora
city-time-zone = Zona horaria
city-website-label = Sitio web oficial
city-official-website = Sitio web oficial de { $city }
city-about = Acerca de { $city }
city-partnership = El hermanamiento
milestone-first-contact = Primer contacto
milestone-friendship-agreement = Acuerdo de amistad
milestone-sister-city-agreement = Acuerdo de hermanamiento
milestone-visit = Visita
partnership-age = { $count ->
    [one] { $count } año
   *[other] { $count } años
}
partnership-is = El hermanamiento tiene { $age }.
partnership-its = Su
partnership-the = El
partnership-next = { $ordinal } aniversario es
city-all-events = Todos los próximos eventos
city-all-news = Todas las noticias
city-exchanges = Intercambios y proyectos
city-photos = Fotos
photo-caption = { $alt }. Crédito: { $credit }
back-to-cities = Volver a todas las ciudades hermanas

## Eventos
events-heading = Eventos
events-description = Eventos del programa { $program } de { $city } y aniversarios de sus hermanamientos.
events-lead = Eventos del programa { $program } y aniversarios de los hermanamientos de { $city }.
events-calendar-intro = Agregue los eventos a su aplicación de calendario:
events-calendar-link = suscríbase al calendario de eventos (iCalendar)
events-none = Por ahora no hay eventos programados. Los próximos eventos aparecerán aquí; si tiene preguntas sobre ellos, consulte
events-none-link = cómo participar
events-more-upcoming = Estos son los próximos { $count }. Los { $more } siguientes están en las
events-year-pages = páginas de cada año
anniversaries-heading = Aniversarios de hermanamiento
anniversaries-lead = El próximo aniversario en número redondo de cada acuerdo de hermanamiento.
anniversary-ordinal = { $ordinal } aniversario
anniversaries-more = Estos son los próximos { $count }. La página de cada ciudad hermana indica su próximo aniversario.
past-events = Eventos pasados
events-more-past = Estos son los más recientes. Todos los eventos pasados están en las
events-by-year = Eventos por año
events-of-year = Eventos de { $year }
events-year-pages-label = Páginas de los eventos del año
events-year-description = Los { $events } del programa { $program } de { $city } en { $year }{ $page }.
events-year-lead = Los { $events } del programa { $program } en { $year }, en el orden en que se realizan
events-year-lead-page = : página { $number } de { $total }
back-to-events = Volver a todos los eventos
event-past = Este evento ya se realizó.
event-when = Cuándo
event-where = Dónde
event-sister-cities = { $count ->
    [one] Ciudad hermana
   *[other] Ciudades hermanas
}
event-more-information = Más información
event-website = Sitio web de { $title }
event-about = Acerca del evento
event-calendar-intro = Agréguelo a su calendario:
event-calendar-link = descargue { $title } como archivo iCalendar

## Noticias
news-heading = Noticias
news-pages-label = Páginas de las noticias
news-description = Noticias del programa { $program } de { $city } y de sus ciudades hermanas{ $page }.
news-lead = Noticias del programa { $program } y de las ciudades hermanas de { $city }, de la más reciente a la más antigua.
news-lead-page = Noticias anteriores del programa { $program }, de la más reciente a la más antigua: { $page }.
news-feed-intro = Siga las noticias en un lector de fuentes:
news-feed-link = suscríbase a la fuente de noticias (Atom)
news-none = Todavía no hay noticias.
news-more-about = Más sobre
back-to-news = Volver a todas las noticias

## Cómo participar
get-involved-description = Cómo participar en el programa { $program } de { $city }: { $organization }, voluntariado, intercambios y cómo comunicarse con la Ciudad.
reach-heading = Cómo comunicarse con { $organization }
reach-ask-meetings = cuándo se reúne { $organization }
reach-ask-membership = cómo hacerse miembro
reach-ask-volunteers = cómo comunicarse con sus voluntarios
reach-ask-one = Para preguntar { $question }
reach-ask-several = Para preguntar { $questions } o { $last }
reach-meetings = Reuniones
reach-meeting-place = Lugar de reunión
reach-membership = Membresía
reach-become-member = Hágase miembro de { $organization }
reach-email = Correo electrónico
reach-contact = comuníquese con la { $contact }

## La página no encontrada
not-found-heading = Página no encontrada
not-found-description = No hay ninguna página en esta dirección.
not-found-text = No hay ninguna página en esta dirección. Si la escribió usted, revise que esté bien escrita.
    Si siguió un enlace, es posible que la página se haya movido.
not-found-home = Ir a la página de inicio de { $program }

## Fuentes de noticias y calendarios
feed-title = Noticias de { $program } – { $city }
calendar-name = Eventos de { $program } – { $city }
calendar-description = Eventos del programa { $program } de { $city } y próximos aniversarios de sus hermanamientos.
calendar-anniversary = { $years } años de hermanamiento con { $city }
calendar-anniversary-description = { $home } y { $city } son ciudades hermanas desde { $since }.
