// Lazily loaded first-party chunk: renders a few buyer reviews where the page has a slot.
/* global window, document */ // classic browser script served to the page, not a module
(function () {
  'use strict';
  var config = window.shopConfig;
  var reviews = {
    kz: [
      ['Айгерім, Алматы', 'Монета өте әдемі, қаптамасы сапалы.'],
      ['Ерлан, Астана', 'Филиалдан тез алдым.'],
    ],
    ru: [
      ['Айгерим, Алматы', 'Очень красивая монета, качественная упаковка.'],
      ['Ерлан, Астана', 'Быстро забрал в филиале.'],
    ],
    en: [
      ['Aigerim, Almaty', 'A beautiful coin, well packaged.'],
      ['Yerlan, Astana', 'Picked it up at the branch quickly.'],
    ],
  };
  document.querySelectorAll(config.selectors.reviews).forEach(function (slot) {
    var title = document.createElement('h2');
    title.textContent = config.texts.reviews;
    slot.appendChild(title);
    (reviews[config.lang] || reviews.en).forEach(function (pair) {
      var item = document.createElement('blockquote');
      item.className = 'review';
      item.textContent = '«' + pair[1] + '» — ' + pair[0];
      slot.appendChild(item);
    });
  });
})();
