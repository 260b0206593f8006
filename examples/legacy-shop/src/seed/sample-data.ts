/** Word lists the seeder draws from, so demo data reads like a real shop's. */

export const FIRST_NAMES = [
  'Ada', 'Alan', 'Amara', 'Ana', 'Bruno', 'Chen', 'Chiara', 'Dara', 'Diego', 'Elena', 'Emeka', 'Farah', 'Grace', 'Hana',
  'Ines', 'Ivan', 'Jonas', 'Kai', 'Lea', 'Lina', 'Marek', 'Maya', 'Nadia', 'Noah', 'Omar', 'Priya', 'Rosa', 'Sami',
  'Sofia', 'Tariq', 'Uma', 'Victor', 'Yara', 'Zoe',
] as const;

export const LAST_NAMES = [
  'Almeida', 'Bauer', 'Costa', 'Dubois', 'Eriksen', 'Fischer', 'Garcia', 'Haddad', 'Ivanova', 'Jansen', 'Kowalski',
  'Larsen', 'Moreau', 'Nakamura', 'Okafor', 'Petrov', 'Quinn', 'Rossi', 'Schmidt', 'Tanaka', 'Umarov', 'Novak',
  'Weber', 'Yilmaz', 'Zhang',
] as const;

export interface CategorySample {
  category: string;
  adjectives: readonly string[];
  nouns: readonly string[];
  /** Price range in minor units. */
  minPrice: number;
  maxPrice: number;
}

export const CATEGORIES: readonly CategorySample[] = [
  { category: 'kitchen', adjectives: ['Cast-Iron', 'Ceramic', 'Copper', 'Bamboo', 'Enamel'], nouns: ['Skillet', 'Teapot', 'Cutting Board', 'Dutch Oven', 'Knife Set'], minPrice: 1_200, maxPrice: 18_000 },
  { category: 'books', adjectives: ['Illustrated', 'Collected', 'Pocket', 'Annotated', 'Hardcover'], nouns: ['Atlas', 'Cookbook', 'Field Guide', 'Poetry', 'Travel Journal'], minPrice: 800, maxPrice: 6_000 },
  { category: 'garden', adjectives: ['Galvanised', 'Folding', 'Heirloom', 'Stoneware', 'Teak'], nouns: ['Watering Can', 'Trowel', 'Seed Kit', 'Planter', 'Bench'], minPrice: 600, maxPrice: 45_000 },
  { category: 'audio', adjectives: ['Wireless', 'Studio', 'Portable', 'Noise-Cancelling', 'Vintage'], nouns: ['Headphones', 'Speaker', 'Turntable', 'Microphone', 'Radio'], minPrice: 2_500, maxPrice: 60_000 },
  { category: 'outdoor', adjectives: ['Waterproof', 'Ultralight', 'Insulated', 'Merino', 'Trail'], nouns: ['Jacket', 'Tent', 'Backpack', 'Sleeping Bag', 'Headlamp'], minPrice: 1_500, maxPrice: 55_000 },
  { category: 'stationery', adjectives: ['Dotted', 'Recycled', 'Leather', 'Brass', 'Linen'], nouns: ['Notebook', 'Fountain Pen', 'Desk Tray', 'Planner', 'Ink Set'], minPrice: 300, maxPrice: 9_000 },
];

export const CURRENCY = 'EUR';
