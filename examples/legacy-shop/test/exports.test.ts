import t from 'tap';

t.test('the public surface of #legacy-shop is exactly this', async (t) => {
  const exported = Object.keys(await import('#legacy-shop')).sort();
  t.same(exported, [
    'REQUEST_ID_FIELD',
    'SHOP_PRODUCT_CODEC',
    'allowedNextStatuses',
    'buildShopApp',
    'canTransition',
    'embeddedMongoUrl',
    'loadShopConfig',
    'orderStateFromDoc',
    'prepareShopDatabase',
    'productStateFromDoc',
    'requestStamp',
    'seedShop',
    'shopCollections',
    'shopErrors',
    'startLegacyShop',
    'userStateFromDoc',
  ]);
});
