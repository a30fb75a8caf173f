/** The catalogue chunk: data and parser together, imported only through load.ts. */
import { source, text } from 'virtual:region-catalogue';
import { RegionCatalogue } from '../../shared/regions';

export const catalogue = new RegionCatalogue(text);
export const catalogueSource = source;
