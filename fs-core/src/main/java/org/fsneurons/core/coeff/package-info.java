/**
 * Coefficient sets (FS parameters with their provenance), the JSON file format, the paper's bundled
 * sets and the target activation functions they approximate.
 */
package org.fsneurons.core.coeff;
