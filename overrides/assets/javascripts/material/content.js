// Material 9.8.2 partials/javascripts/content.html (without content.tabs.link, which this site
// does not use), unchanged, moved into a file so the Content-Security-Policy can refuse every
// inline script.
var target=document.getElementById(location.hash.slice(1));target&&target.name&&(target.checked=target.name.startsWith("__tabbed_"))
